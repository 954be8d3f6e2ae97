export { matchPackages } from './matcher.ts';
export { filterFindings, type FindingFilter } from './filter.ts';
export { compareFindings } from './order.ts';
export { severityOf, severityRank } from './severity.ts';
