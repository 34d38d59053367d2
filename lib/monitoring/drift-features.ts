import { FeatureSchema, schemaFromColumns, validateSchema } from '../../contracts/model-monitor';
import { DataPlatform } from '../data/data-platform';
import { closest, requireNested } from '../private/validation/checks';
import { invalidProp } from '../private/validation/fail';

/** How a feature is compared with its baseline. */
export class FeatureKind {
  /** Numbers: KS distance and two-sample KS test, PSI on deciles, Wasserstein (ties counted exactly). */
  public static readonly NUMERIC = new FeatureKind('numeric');
  /** Categories: the largest change of a category's share, chi-square test, Jensen–Shannon distance. */
  public static readonly CATEGORICAL = new FeatureKind('categorical');

  private constructor(
    /** The kind's name. */
    public readonly name: string,
  ) {}
}

/** One feature of the requests (or of the responses, for prediction drift). */
export interface DriftFeature {
  /** Its name (a column of the dataset); used in metric names such as `feature_baseline_drift_<name>`. */
  readonly name: string;
  /** How it is compared. */
  readonly kind: FeatureKind;
  /**
   * Whether it is read from the model's response (prediction drift) rather than from the request.
   * @default false
   */
  readonly fromOutput?: boolean;
}

/** Options of DriftFeatures.fromDataPlatform. */
export interface DataPlatformFeatureOptions {
  /**
   * Columns that are not model inputs (the label).
   * @default []
   */
  readonly exclude?: string[];
  /**
   * Features of the model's responses, appended after the inputs (prediction drift).
   * @default - none
   */
  readonly outputs?: DriftFeature[];
}

/**
 * The features a drift monitor reads from captured requests (CSV columns in this order, or JSON fields by name)
 * and responses.
 */
export class DriftFeatures {
  /**
   * The features of a DataPlatform's `columns`, in their order: numeric Glue types are numeric features, every
   * other type categorical.
   */
  public static fromDataPlatform(data: DataPlatform, options: DataPlatformFeatureOptions = {}): DriftFeatures {
    if (Object.keys(data.columns).length === 0) {
      throw new Error(`DriftFeatures.fromDataPlatform: DataPlatform '${data.node.path}' has no columns (its types are inferred); pass columns to the DataPlatform or use DriftFeatures.of([...]).`);
    }
    (options.outputs ?? []).forEach((f, i) => requireNested('DriftFeatures.fromDataPlatform', `options.outputs[${i}]`, f, ['name', 'kind']));
    // An exclusion that names no column leaves the column it meant (often the label) among the features.
    const columns = Object.keys(data.columns);
    for (const [i, name] of (options.exclude ?? []).entries()) {
      if (columns.includes(name)) continue;
      const near = closest(name, columns);
      invalidProp(`DriftFeatures.fromDataPlatform('${data.node.path}')`, `options.exclude[${i}]`, name,
        `The DataPlatform has no such column, so nothing is excluded${near.length ? ` (did you mean ${near.map((n) => `'${n}'`).join(' or ')}?)` : ''}; ` +
        `its columns are ${columns.map((c) => `'${c}'`).join(', ')}.`);
    }
    return new DriftFeatures(schemaFromColumns(data.columns, {
      exclude: options.exclude,
      outputs: (options.outputs ?? []).map((f) => ({ name: f.name, kind: f.kind.name as 'numeric' | 'categorical', source: 'output' as const })),
    }));
  }

  /** The given features, in the order of the request's CSV columns (then the response's). */
  public static of(features: DriftFeature[]): DriftFeatures {
    features.forEach((f, i) => requireNested('DriftFeatures.of', `features[${i}]`, f, ['name', 'kind']));
    return new DriftFeatures({
      features: features.map((f) => ({ name: f.name, kind: f.kind.name as 'numeric' | 'categorical', source: f.fromOutput ? 'output' as const : 'input' as const })),
    });
  }

  private readonly schema: FeatureSchema;

  private constructor(schema: FeatureSchema) {
    const problems = validateSchema(schema);
    if (problems.length > 0) throw new Error(`DriftFeatures: ${problems.join('; ')}.`);
    this.schema = schema;
  }

  /** Feature names, in order. */
  public get names(): string[] {
    return this.schema.features.map((f) => f.name);
  }

  /** @internal */
  public _schema(): FeatureSchema {
    return this.schema;
  }

  /** The request features only (what a baseline of the training data describes). @internal */
  public _inputs(): DriftFeatures {
    return new DriftFeatures({ features: this.schema.features.filter((f) => (f.source ?? 'input') === 'input') });
  }
}
