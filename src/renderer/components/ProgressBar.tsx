/** A progress bar: determinate with `value` (0..1), indeterminate without. */
export function ProgressBar({ label, value }: { label: string; value?: number }) {
  return (
    <div className="progress" role="progressbar" aria-label={label} data-testid="progress"
      {...(value !== undefined ? { 'aria-valuenow': Math.round(value * 100), 'aria-valuemin': 0, 'aria-valuemax': 100 } : {})}>
      <div className={value === undefined ? 'progress-bar indeterminate' : 'progress-bar'} style={value === undefined ? undefined : { width: `${Math.round(value * 100)}%` }} />
      <span className="progress-label">{label}</span>
    </div>
  );
}
