import { CSV_COLUMNS, CSV_DELIMITERS, type CsvDelimiter } from '../../../../core/exporters';
import type { ExportChoices } from './ExportDialog';

const DELIMITER_LABELS: Record<CsvDelimiter, string> = {
  ',': 'Comma',
  ';': 'Semicolon',
  '\t': 'Tab',
};

/**
 * The CSV part of the export dialog: which columns (in their documented order), the field
 * separator and the BOM.
 */
export function CsvOptions({
  choices,
  setChoices,
  disabled,
}: {
  choices: ExportChoices;
  setChoices: (c: ExportChoices) => void;
  disabled: boolean;
}) {
  return (
    <fieldset className="export-group" disabled={disabled}>
      <legend>CSV columns</legend>
      <div className="export-columns-actions">
        <button
          type="button"
          className="link"
          onClick={() => setChoices({ ...choices, columns: [...CSV_COLUMNS] })}
        >
          Select all columns
        </button>
        <button type="button" className="link" onClick={() => setChoices({ ...choices, columns: [] })}>
          Clear all columns
        </button>
        <span className="export-muted">
          {choices.columns.length} of {CSV_COLUMNS.length}
        </span>
      </div>
      <div className="export-columns" role="group" aria-label="Columns">
        {CSV_COLUMNS.map((c) => (
          <label key={c} className="export-column-choice">
            <input
              type="checkbox"
              checked={choices.columns.includes(c)}
              onChange={(e) =>
                setChoices({
                  ...choices,
                  columns: CSV_COLUMNS.filter((x) =>
                    x === c ? e.target.checked : choices.columns.includes(x),
                  ),
                })
              }
            />
            <code>{c}</code>
          </label>
        ))}
      </div>
      <div className="export-delimiter" role="radiogroup" aria-label="Separator">
        <span>Separator:</span>
        {CSV_DELIMITERS.map((d) => (
          <label key={d}>
            <input
              type="radio"
              name="csv-delimiter"
              checked={choices.delimiter === d}
              onChange={() => setChoices({ ...choices, delimiter: d })}
            />
            {DELIMITER_LABELS[d]}
          </label>
        ))}
        <span className="export-muted">
          Semicolon suits Excel where the decimal mark is a comma; fields that hold any separator are quoted.
        </span>
      </div>
      <label className="export-bom">
        <input
          type="checkbox"
          checked={choices.bom}
          onChange={(e) => setChoices({ ...choices, bom: e.target.checked })}
        />
        Start with a byte-order mark (for Microsoft Excel)
      </label>
    </fieldset>
  );
}
