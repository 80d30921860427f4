export { DASHBOARD_PREFIX, dashboardPlugin } from './plugin.ts';
export type { DashboardPluginOptions } from './plugin.ts';
export { DASHBOARD_DIST, dashboardBuildState, isDashboardBuilt } from './build-state.ts';
export { GRAPHIQL_HTML, GRAPHIQL_PATH } from './graphiql-plugin.ts';
