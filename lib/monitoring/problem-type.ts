import { ProblemTypeName } from '../../contracts/model-quality';

/** The kind of model a ModelQualityMonitor measures (Model Monitor's `ProblemType`). */
export class ProblemType {
  /** Two classes, 0 and 1; the model answers the score (probability) of class 1. */
  public static readonly BINARY_CLASSIFICATION = new ProblemType('BinaryClassification');
  /** Several classes; the model answers a label, or one probability per class (the largest wins). */
  public static readonly MULTICLASS_CLASSIFICATION = new ProblemType('MulticlassClassification');
  /** A number. */
  public static readonly REGRESSION = new ProblemType('Regression');

  private constructor(
    /** Model Monitor's name of the problem type. */
    public readonly name: string,
  ) {}

  /** @internal */
  public get _name(): ProblemTypeName {
    return this.name as ProblemTypeName;
  }
}
