/**
 * Inter-annotator agreement between two analysts' projects. See docs/project-format.md,
 * "Agreement".
 */
export {
  agreement,
  DEFAULT_MIN_JACCARD,
  type AgreementOptions,
  type AgreementReport,
  type Disagreement,
  type SpanSummary,
} from './report';
export { cohenKappa, krippendorffAlpha, type AlphaMetric } from './statistics';
export { matchSpans, spanJaccard, type Span } from './spans';
