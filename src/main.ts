import 'reflect-metadata';
import { createApp } from './app.factory.js';
import { BankDirectory } from './banks/bank-directory.js';
import { AppConfig, ConfigError } from './config/app-config.js';
import { startupBanner } from './config/startup-banner.js';

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
  console.log(startupBanner(config, app.get(BankDirectory).all));
}

void main();
