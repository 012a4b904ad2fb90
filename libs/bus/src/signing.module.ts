import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { Topics } from '@riposte/contracts';
import { TOPICS } from './bus.module';
import { createCommandSigner, SIGNER } from './command-signer';
import type { SigningKey } from './key-files';

/**
 * The issuer's {@link CommandSigner} under {@link SIGNER}, for every module of a service that publishes commands.
 * The key is read by the service's `loadEnv` (`loadSigningKey`), so a bad key file is a ConfigError at boot,
 * before any connection is opened.
 */
@Global()
@Module({})
export class SigningModule {
  static forRoot(key: SigningKey): DynamicModule {
    return {
      module: SigningModule,
      providers: [{ provide: SIGNER, inject: [TOPICS], useFactory: (topics: Topics) => createCommandSigner(key, topics) }],
      exports: [SIGNER],
    };
  }
}
