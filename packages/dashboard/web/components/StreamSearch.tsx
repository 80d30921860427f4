import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { streamPath } from '../lib/streams.ts';

/** A box to open a stream by name (e.g. order-<id>, inventory-<sku>). */
export function StreamSearch(props: { initial?: string }) {
  const navigate = useNavigate();
  const [name, setName] = useState(props.initial ?? '');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (name.trim()) navigate(streamPath(name.trim()));
  };
  return (
    <form className="filters stream-search" role="search" onSubmit={submit}>
      <label>
        Stream
        <input
          name="stream"
          value={name}
          placeholder="order-<id>, inventory-<sku>, payment-<id>…"
          onChange={(e) => setName(e.target.value)}
          size={40}
        />
      </label>
      <button type="submit">Open</button>
    </form>
  );
}
