// datatasks/bundling: what stays outside an application bundle, and build-time and start-up checks for it.
export {
  agentPackages,
  assertPackagesInstalled,
  type BundledEngine,
  type DeploymentNeeds,
  driverPackages,
  externalPackages,
  missingPackages,
  requiredPackages,
} from './deployment.js';
export {
  type DatataskEsbuildOptions,
  datatasksEsbuildPlugin,
  type EsbuildPlugin,
  type EsbuildPluginBuild,
} from './esbuild-plugin.js';
