import { useEffect, useState, type FormEvent } from 'react';
import { SAGA_STATUSES, type SagaStatus } from '../api/queries.ts';
import { AGE_FILTERS, type AgeFilter, type SagaFilters } from '../lib/filters.ts';

/** The list's search and filters: status, type, age and "stuck longer than N seconds"; applied on submit. */
export function FilterBar(props: { filters: SagaFilters; onApply: (filters: SagaFilters) => void }) {
  const { filters, onApply } = props;
  const [status, setStatus] = useState(filters.status ?? '');
  const [type, setType] = useState(filters.type ?? '');
  const [stuck, setStuck] = useState(filters.stuckForSeconds?.toString() ?? '');
  const [age, setAge] = useState<string>(filters.age ?? '');
  const [search, setSearch] = useState(filters.search ?? '');
  // The URL is the source of truth: a click on a count or the back button changes the filters.
  useEffect(() => {
    setStatus(filters.status ?? '');
    setType(filters.type ?? '');
    setStuck(filters.stuckForSeconds?.toString() ?? '');
    setAge(filters.age ?? '');
    setSearch(filters.search ?? '');
  }, [filters.status, filters.type, filters.stuckForSeconds, filters.age, filters.search]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const seconds = Number(stuck);
    onApply({
      status: (status || null) as SagaStatus | null,
      type: type.trim() || null,
      stuckForSeconds: stuck.trim() !== '' && Number.isInteger(seconds) && seconds >= 0 ? seconds : null,
      age: (age || null) as AgeFilter | null,
      search: search.trim() || null,
      sort: filters.sort ?? null,
    });
  };
  return (
    <form className="filters" onSubmit={submit} aria-label="Filters">
      <label className="search">
        Search
        <input
          name="search"
          type="search"
          value={search}
          placeholder="saga, order or customer id, SKU"
          onChange={(e) => setSearch(e.target.value)}
        />
      </label>
      <label>
        Status
        <select name="status" value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="">any</option>
          {SAGA_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <label>
        Type
        <input
          name="type"
          value={type}
          placeholder="order-fulfillment"
          onChange={(e) => setType(e.target.value)}
        />
      </label>
      <label>
        Age
        <select name="age" value={age} onChange={(e) => setAge(e.target.value)}>
          <option value="">any</option>
          {Object.entries(AGE_FILTERS).map(([key, preset]) => (
            <option key={key} value={key}>
              {preset.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        Stuck longer than (s)
        <input
          name="stuck"
          type="number"
          min={0}
          step={1}
          value={stuck}
          placeholder="e.g. 300"
          onChange={(e) => setStuck(e.target.value)}
        />
      </label>
      <button type="submit">Apply</button>
      <button
        type="button"
        className="secondary"
        onClick={() =>
          onApply({ status: null, type: null, stuckForSeconds: null, age: null, sort: filters.sort ?? null })
        }
      >
        Clear
      </button>
    </form>
  );
}
