import type { BundleOptions } from '@temporalio/worker';
import { repositoryRoot } from '@vigil/config';
import * as path from 'node:path';
import { TsconfigPathsPlugin } from 'tsconfig-paths-webpack-plugin';

/**
 * One webpack configuration for every workflow bundle (worker, bundle script, tests): the workflow
 * entry point from source, with the `@vigil/*` aliases resolved from tsconfig.json.
 */
export function workflowBundleOptions(): Pick<BundleOptions, 'workflowsPath' | 'webpackConfigHook'> {
  const root = repositoryRoot();
  return {
    workflowsPath: path.join(root, 'workflows', 'index.ts'),
    webpackConfigHook: (config) => {
      config.resolve = config.resolve ?? {};
      config.resolve.plugins = [
        ...(config.resolve.plugins ?? []),
        new TsconfigPathsPlugin({ configFile: path.join(root, 'tsconfig.json'), extensions: ['.ts', '.js'] }),
      ];
      return config;
    },
  };
}

/** Where the prebuilt production bundle lives (written by `npm run build:workflows`). */
export function prebuiltBundlePath(): string {
  return path.join(repositoryRoot(), 'dist', 'workflow-bundle.js');
}
