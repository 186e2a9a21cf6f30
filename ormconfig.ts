// TypeORM CLI data source (migration:show, migration:run, migration:generate), same options as the app.
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { AppConfig } from './src/config/app-config.js';
import { dataSourceOptions } from './src/database/data-source-options.js';

export default new DataSource(dataSourceOptions(new AppConfig(process.env)));
