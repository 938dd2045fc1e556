/**
 * The foot of a dialog or editor form: what went wrong with the last try (an alert, so screen readers
 * say it), then Cancel and the form's one action.
 */
export function FormActions({
  error,
  errorTestId,
  onCancel,
  action,
  disabled,
  onAction,
  end = true,
}: {
  error: string | null | undefined;
  errorTestId?: string;
  onCancel: () => void;
  /** The action button's label ("Create locator", "Save filter", …). */
  action: string;
  disabled: boolean;
  onAction: () => void;
  /** Buttons at the end of the row (dialogs) or at its start (an inline editor). */
  end?: boolean;
}) {
  return (
    <>
      {error && (
        <p role="alert" className="error-text" data-testid={errorTestId}>
          {error}
        </p>
      )}
      <div className={end ? 'row end' : 'row'}>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="button" className="primary" disabled={disabled} onClick={onAction}>
          {action}
        </button>
      </div>
    </>
  );
}
