/** How a challenger becomes an approved version. */
export class ApprovalMode {
  /** Every version waits for a person (UpdateModelPackage to Approved). The default. */
  public static readonly MANUAL = new ApprovalMode('manual');
  /** Versions that beat the champion by the margin are registered Approved; the others wait for a person. */
  public static readonly AUTOMATIC = new ApprovalMode('automatic');

  private constructor(
    /** The mode as the register handler reads it. */
    public readonly value: string,
  ) {}
}

/** The per-row loss the champion/challenger comparison uses. */
export class LossFunction {
  /** Binary log loss of a predicted probability (binary:logistic). */
  public static readonly LOG_LOSS = new LossFunction('log-loss');
  /** Squared error (regression). */
  public static readonly SQUARED_ERROR = new LossFunction('squared-error');
  /** Absolute error (regression). */
  public static readonly ABSOLUTE_ERROR = new LossFunction('absolute-error');
  /** 0/1 misclassification (a probability thresholded at 0.5, or a class index). */
  public static readonly ERROR_RATE = new LossFunction('error-rate');

  private constructor(
    /** The loss as the register handler reads it. */
    public readonly value: string,
  ) {}
}

/** Champion/challenger comparison and approval. */
export interface ComparisonOptions {
  /**
   * Per-row loss on the holdout.
   * @default LossFunction.LOG_LOSS
   */
  readonly loss?: LossFunction;
  /**
   * The challenger must lower the mean loss by more than this, in the loss's units (a paired, one-sided t-test of
   * mean(champion loss − challenger loss) > margin).
   * @default 0
   */
  readonly margin?: number;
  /**
   * One-sided significance level of the paired test.
   * @default 0.05
   */
  readonly alpha?: number;
  /**
   * Manual or automatic approval.
   * @default ApprovalMode.MANUAL
   */
  readonly approval?: ApprovalMode;
  /**
   * Fewest holdout rows the comparison accepts (fewer fails the run).
   * @default 30
   */
  readonly minHoldoutRows?: number;
}
