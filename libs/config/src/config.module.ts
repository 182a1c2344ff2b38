import { Global, Module, type DynamicModule } from '@nestjs/common';
import { AppConfig, asAppConfig, loadConfig, type Config } from './config';

/** The one global module besides logging: provides the parsed configuration under `AppConfig`. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config?: Config): DynamicModule {
    // eslint-disable-next-line no-restricted-properties -- the single place that reads the environment
    const value = asAppConfig(config ?? loadConfig(process.env));
    return {
      module: ConfigModule,
      providers: [{ provide: AppConfig, useValue: value }],
      exports: [AppConfig],
    };
  }
}
