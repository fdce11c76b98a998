export {
  NONE,
  foldedCell,
  gradeMap,
  projectRows,
  rowArticle,
  toFilterRow,
  type FilterRow,
  type RowArticle,
} from './row';
export { SetFilterError, compileFilter, filterRows, narrows, setTest, type RowTest } from './match';
export {
  CHOICE_COLUMNS,
  columnValues,
  fromTableColumns,
  isChoiceColumn,
  readSetFilter,
  withColumn,
  withSource,
  type ChoiceColumn,
} from './columns';
export { describeDates, describeFilter, sourceName } from './describe';
