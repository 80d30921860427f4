import { useEffect } from 'react';
import { Link, Navigate, Outlet, createBrowserRouter, useLocation, useNavigate } from 'react-router';
import { closeLive } from './api/live.ts';
import { adminKey, forgetAdminKey, onAuthFailed } from './api/session.ts';
import { ThemeToggle } from './components/ThemeToggle.tsx';
import { useConnectionState } from './hooks/useSagaUpdates.ts';
import { LoginPage } from './pages/LoginPage.tsx';
import { LowStockPage } from './pages/LowStockPage.tsx';
import { OrderPage } from './pages/OrderPage.tsx';
import { ProjectionsPage } from './pages/ProjectionsPage.tsx';
import { ReportsPage } from './pages/ReportsPage.tsx';
import { SagaDetailPage } from './pages/SagaDetailPage.tsx';
import { SagaListPage } from './pages/SagaListPage.tsx';
import { StreamPage, StreamsPage } from './pages/StreamsPage.tsx';

const LIVE_LABELS = {
  connected: '● live',
  connecting: '○ connecting',
  closed: '○ offline',
  idle: '',
} as const;

/** The pages behind the key: header, and back to login without a key or when it is refused. */
function Shell() {
  const navigate = useNavigate();
  const location = useLocation();
  const connection = useConnectionState();
  useEffect(
    () =>
      onAuthFailed((message) => {
        closeLive();
        navigate('/login', { replace: true, state: { message, from: location.pathname + location.search } });
      }),
    [navigate, location.pathname, location.search],
  );
  if (!adminKey())
    return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  const logOut = () => {
    forgetAdminKey();
    closeLive();
    navigate('/login', { replace: true });
  };
  return (
    <>
      <header className="top">
        <Link to="/" className="brand">
          Orderflow · sagas
        </Link>
        <Link to="/reports">Reports</Link>
        <Link to="/low-stock">Low stock</Link>
        <Link to="/streams">Streams</Link>
        <Link to="/projections">Projections</Link>
        <span className={`live live-${connection}`} data-testid="live" title="WebSocket to /graphql">
          {LIVE_LABELS[connection]}
        </span>
        <ThemeToggle />
        <button type="button" className="secondary" onClick={logOut}>
          Log out
        </button>
      </header>
      <Outlet />
    </>
  );
}

/** The dashboard's routes under /dashboard (deep links work: the server falls back to index.html). */
export const router = createBrowserRouter(
  [
    { path: '/login', element: <LoginPage /> },
    {
      element: <Shell />,
      children: [
        { path: '/', element: <SagaListPage /> },
        { path: '/sagas/:id', element: <SagaDetailPage /> },
        { path: '/orders/:id', element: <OrderPage /> },
        { path: '/reports', element: <ReportsPage /> },
        { path: '/low-stock', element: <LowStockPage /> },
        { path: '/streams', element: <StreamsPage /> },
        { path: '/streams/:name', element: <StreamPage /> },
        { path: '/projections', element: <ProjectionsPage /> },
        { path: '*', element: <Navigate to="/" replace /> },
      ],
    },
  ],
  { basename: '/dashboard' },
);
