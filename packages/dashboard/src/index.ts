export { DASHBOARD_DIST, DASHBOARD_PREFIX, dashboardPlugin, isDashboardBuilt } from './plugin.ts';
export type { DashboardPluginOptions } from './plugin.ts';
