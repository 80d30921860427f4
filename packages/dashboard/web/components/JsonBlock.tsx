/** A labelled JSON value, pretty-printed (two-space indent). */
export function JsonBlock(props: { label: string; value: unknown }) {
  return (
    <div className="json-block">
      <div className="json-label">{props.label}</div>
      <pre className="json" data-testid={`json-${props.label}`}>
        {JSON.stringify(props.value, null, 2) ?? 'undefined'}
      </pre>
    </div>
  );
}
