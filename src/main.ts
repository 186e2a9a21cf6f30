import 'reflect-metadata';
import { createApp } from './app.factory.js';
import { AppConfig, ConfigError } from './config/app-config.js';

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = new AppConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const app = await createApp(process.env);
  await app.listen(config.port);
  console.log(`Steward is running: open ${config.publicUrl}`);
}

void main();
