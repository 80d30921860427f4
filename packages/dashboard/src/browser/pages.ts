/**
 * The dashboard's pages as the screenshot test visits them (screenshots.e2e.test.ts): one entry
 * per page, with the path to open and the element that says the page has its data. A new page
 * adds its entry here and gets light, dark and 420 px screenshots and the layout checks.
 */

/** What the test put in the store for the pages to show: one confirmed order and its saga. */
export interface SeededData {
  readonly orderId: string;
  readonly sagaId: string;
}

/** One page of the dashboard to screenshot. */
export interface DashboardPage {
  /** File name part: artifacts/dashboard/<name>-<light|dark|420>.png. */
  readonly name: string;
  /** Path under /dashboard, e.g. `/sagas/<id>`. */
  path(data: SeededData): string;
  /** data-testid of an element whose text matches `readyText` once the page shows its data. */
  readonly readyTestId: string;
  readonly readyText: RegExp;
  /** Whether the page draws uPlot charts (the test waits for their canvases). */
  readonly charts?: boolean;
}

/** Every page of the dashboard behind the login. */
export const DASHBOARD_PAGES: readonly DashboardPage[] = [
  { name: 'saga-list', path: () => '/', readyTestId: 'total-count', readyText: /saga\(s\)/, charts: true },
  {
    name: 'saga-detail',
    path: (d) => `/sagas/${encodeURIComponent(d.sagaId)}`,
    readyTestId: 'saga-status',
    readyText: /^COMPLETED$/,
  },
  { name: 'order', path: (d) => `/orders/${d.orderId}`, readyTestId: 'order', readyText: /CONFIRMED/ },
  {
    name: 'reports',
    path: () => `/reports?day=${new Date().toISOString().slice(0, 10)}`,
    readyTestId: 'report-totals',
    readyText: /orders placed/,
    charts: true,
  },
  {
    name: 'low-stock',
    path: () => '/low-stock',
    readyTestId: 'low-stock-count',
    readyText: /below threshold/,
  },
  {
    name: 'stream',
    path: (d) => `/streams/${encodeURIComponent(`order-${d.orderId}`)}`,
    readyTestId: 'stream-revision',
    readyText: /Current revision/,
  },
  {
    name: 'projections',
    path: () => '/projections',
    readyTestId: 'processor-order-details',
    readyText: /order-details/,
  },
];
