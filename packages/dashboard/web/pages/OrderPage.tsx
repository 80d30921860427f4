import { Link, useParams } from 'react-router';
import { ORDER, type Order } from '../api/queries.ts';
import { useGql } from '../hooks/useGql.ts';
import { formatMoney, formatTime } from '../lib/format.ts';
import { orderStream, streamPath } from '../lib/streams.ts';

/** A small view of one order (the `order` query): status, customer, total and lines. */
export function OrderPage() {
  const id = decodeURIComponent(useParams().id ?? '');
  const { data, error } = useGql<{ order: Order | null }>(ORDER, { id });
  if (error)
    return (
      <main>
        <p className="error" role="alert">
          {error.code}: {error.message}
        </p>
      </main>
    );
  if (!data) return <main>Loading…</main>;
  const order = data.order;
  return (
    <main className="order-page">
      <p>
        <Link to={`/sagas/${encodeURIComponent(id)}`}>← Its saga</Link> ·{' '}
        <Link to={streamPath(orderStream(id))}>Its events</Link> · <Link to="/">Sagas</Link>
      </p>
      <h1 className="mono">Order {id}</h1>
      {!order ? (
        <p className="error">No order {id} in the read model.</p>
      ) : (
        <>
          <dl data-testid="order">
            <dt>Status</dt>
            <dd>
              <span className="badge">{order.status}</span>
              {order.cancellationReason ? ` (${order.cancellationReason})` : ''}
            </dd>
            <dt>Customer</dt>
            <dd>{order.customerId}</dd>
            <dt>Total</dt>
            <dd>{formatMoney(order.total, order.currency)}</dd>
            <dt>Ships to</dt>
            <dd>{order.shippingCountry ?? '–'}</dd>
            <dt>Created</dt>
            <dd className="mono">{formatTime(order.createdAt)}</dd>
            <dt>Updated</dt>
            <dd className="mono">{formatTime(order.updatedAt)}</dd>
          </dl>
          <table>
            <thead>
              <tr>
                <th>SKU</th>
                <th>Quantity</th>
                <th>Unit price</th>
                <th>Line total</th>
              </tr>
            </thead>
            <tbody>
              {order.lines.map((line) => (
                <tr key={line.sku}>
                  <td className="mono">{line.sku}</td>
                  <td>{line.quantity}</td>
                  <td>{formatMoney(line.unitPrice, order.currency)}</td>
                  <td>{formatMoney(line.unitPrice * line.quantity, order.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </main>
  );
}
