import { Dialog } from '../import/Dialog';

/** Asks before articles are deleted, naming how many articles and annotations will go. */
export function ConfirmDelete({
  label,
  onCancel,
  onConfirm,
}: {
  /** `2 articles and 5 annotations`. */
  label: string;
  onCancel(): void;
  onConfirm(): void;
}) {
  return (
    <Dialog
      title={`Delete ${label}?`}
      onClose={onCancel}
      className="confirm"
      footer={
        <>
          <button type="button" data-autofocus onClick={onCancel}>
            Cancel
          </button>
          <button type="button" className="primary danger-fill" onClick={onConfirm}>
            Delete
          </button>
        </>
      }
    >
      <p>
        The articles and every annotation on them leave the library. They stay in the trash (Edit › Trash…),
        from where you can restore them, also after a restart.
      </p>
    </Dialog>
  );
}
