/**
 * A check of one reference case (one element of a list in a vectors file such as
 * ../shared/reference/stats-vectors.json): it recomputes the case with the library's own code and returns what
 * differs beyond the file's tolerance, one message per difference (empty = the case passes).
 */
export type CaseCheck = (referenceCase: any) => string[];

/** The checks of one family of statistics, by the list name used in the vectors files. */
export type CheckTable = Record<string, CaseCheck>;
