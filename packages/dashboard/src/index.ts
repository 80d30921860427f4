export { DASHBOARD_PREFIX, dashboardPlugin } from './plugin.ts';
export type { DashboardPluginOptions } from './plugin.ts';
export { DASHBOARD_DIST, dashboardBuildState, isDashboardBuilt } from './build-state.ts';
