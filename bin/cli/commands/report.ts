/**
 * `cdk-mlops report drift <window>` and `cdk-mlops report rollout <endpoint>`: one self-contained HTML file (inline
 * SVG and CSS, nothing loaded at view time) from a drift window's outputs and its baseline, or from a rollout's
 * record and history row (the rollout tables, or an exported JSON file).
 */
import * as fs from 'fs';
import { Command, Option } from 'commander';
import { REPORT_FILES } from '../../../contracts/model-monitor';
import type { RolloutHistoryRow, RolloutRecord } from '../../../lambda/core/rollout';
import { exitCodesHelp } from '../help';
import { CliError, EXIT, UsageError } from '../io';
import type { NumericEffectStatistic } from '../../../contracts/drift-monitor';
import { fraction, numberIn, wholeNumber } from '../parsers';
import type { CliContext } from '../program';
import { driftWindowReport } from '../report/drift-model';
import { driftReportHtml, rolloutReportHtml } from '../report/html';
import { rolloutTimeline } from '../report/rollout-model';
import { inFolder, jsonReader } from '../report/sources';
import { RolloutOptions, rolloutTarget, withRolloutOptions } from './rollout/options';

interface DriftReportOptions {
  readonly baseline: string;
  readonly constraints?: string;
  readonly numericEffectSize?: number;
  readonly numericStatistic?: NumericEffectStatistic;
  readonly categoricalEffectSize?: number;
  readonly falseAlarmBudget?: number;
  readonly minRecords?: number;
  readonly out: string;
  readonly title?: string;
  readonly region?: string;
}

interface RolloutReportOptions extends RolloutOptions {
  readonly from?: string;
  readonly historyTable?: string;
  readonly rolloutId?: string;
  readonly out: string;
}

export function registerReport(program: Command, ctx: CliContext): void {
  const report = program.command('report').description('write an HTML report of a drift window or a rollout (no network needed to view it)')
    .addHelpText('after', exitCodesHelp(['OK', 'USAGE', 'NOT_FOUND', 'AWS_ERROR'], 'the report was written'));
  report.command('drift')
    .description('per feature the baseline and current distributions, the effect against its size, the test against the ' +
      'false-alarm budget and the decision, most severe first')
    .argument('<window>', `the window's folder: a local directory or s3://bucket/prefix/ holding ${Object.values(REPORT_FILES).join(', ')}`)
    .requiredOption('--baseline <statistics.json>', 'the baseline statistics.json (local path or s3:// URI)')
    .option('--constraints <constraints.json>', 'the baseline constraints.json (default: the monitor\'s defaults)')
    .option('--numeric-effect-size <n>', 'the monitor\'s numericEffectSize (default: the constraints\' comparison_threshold, or 0.1)',
      numberIn(0))
    .addOption(new Option('--numeric-statistic <statistic>', 'what --numeric-effect-size is measured in')
      .choices(['ks_distance', 'psi', 'wasserstein_sd']).default('ks_distance'))
    .option('--categorical-effect-size <n>', 'the monitor\'s categoricalEffectSize, a share (0.1 = 10 points)', fraction)
    .option('--false-alarm-budget <n>', 'the monitor\'s falseAlarmBudget (default 0.01)', fraction)
    .option('--min-records <n>', 'the monitor\'s minRecords', wholeNumber(1))
    .option('--title <text>', 'the page title (default: Drift window <start>)')
    .option('--region <region>', 'AWS region for s3:// locations')
    .option('--json', 'machine-readable errors')
    .requiredOption('--out <file.html>', 'where to write the report')
    .addHelpText('after', '\nExample: cdk-mlops report drift s3://reports/drift/iris/blue/2024-05-01T10:00:00.000Z/ ' +
      '--baseline s3://lake/baselines/iris/statistics.json --out drift.html' + exitCodesHelp(['OK', 'USAGE', 'AWS_ERROR'], 'the report was written'))
    .action(async (window: string, opts: DriftReportOptions) => {
      const read = jsonReader(opts.region, ctx.io.env);
      const baselineStatistics = await read(opts.baseline);
      if (baselineStatistics === undefined) throw new UsageError(`--baseline ${opts.baseline} was not found`, 'give the baseline statistics.json');
      const [windowStatistics, violations, summary, baselineConstraints] = await Promise.all([
        read(inFolder(window, REPORT_FILES.statistics)), read(inFolder(window, REPORT_FILES.violations)),
        read(inFolder(window, REPORT_FILES.summary)), opts.constraints ? read(opts.constraints) : Promise.resolve(undefined),
      ]);
      if (windowStatistics === undefined && summary === undefined) {
        throw new UsageError(`${window} holds neither ${REPORT_FILES.statistics} nor ${REPORT_FILES.summary}`, 'give the folder of one window');
      }
      const model = driftWindowReport({
        source: window, baselineStatistics, baselineConstraints, windowStatistics, violations, summary,
        thresholds: {
          ...(opts.numericEffectSize !== undefined
            ? { numericEffect: { statistic: opts.numericStatistic ?? 'ks_distance', size: opts.numericEffectSize } } : {}),
          ...(opts.categoricalEffectSize !== undefined ? { categoricalEffect: opts.categoricalEffectSize } : {}),
          ...(opts.falseAlarmBudget !== undefined ? { falseAlarmBudget: opts.falseAlarmBudget } : {}),
          ...(opts.minRecords !== undefined ? { minRecords: opts.minRecords } : {}),
        },
        ...(opts.title ? { title: opts.title } : {}),
      });
      const titled = opts.title ? model : { ...model, title: `Drift window ${model.start ?? ''}`.trim() };
      write(opts.out, driftReportHtml(titled));
      const drifted = titled.features.filter((f) => f.decision === 'drift').map((f) => f.name);
      ctx.io.out(`report: ${opts.out} (${titled.features.length} features, ${drifted.length ? `drift in ${drifted.join(', ')}` : 'no drift'})\n`);
      ctx.exitCode = EXIT.OK;
    });
  withRolloutOptions(report.command('rollout')
    .description('a timeline of the weights, the signals and the decision that ended the rollout')
    .argument('[endpoint]', 'SageMaker endpoint name (its latest rollout, or --rollout-id)'))
    .option('--from <file.json>', 'an exported rollout instead of the tables: {"record": ..., "history": ...} (either may be absent)')
    .option('--history-table <name>', 'rollout history table (default: $CDK_MLOPS_ROLLOUT_HISTORY_TABLE, else the record\'s)')
    .option('--rollout-id <id>', 'an older rollout of the endpoint (its history row only: the event log is kept for the latest)')
    .requiredOption('--out <file.html>', 'where to write the report')
    .addHelpText('after', exitCodesHelp(['OK', 'USAGE', 'NOT_FOUND', 'AWS_ERROR'], 'the report was written'))
    .action(async (endpoint: string | undefined, opts: RolloutReportOptions) => {
      let record: RolloutRecord | undefined;
      let row: RolloutHistoryRow | undefined;
      if (opts.from) {
        const exported = JSON.parse(fs.readFileSync(opts.from, 'utf8')) as { record?: RolloutRecord; history?: RolloutHistoryRow };
        ({ record, history: row } = exported);
      } else {
        if (!endpoint) throw new UsageError('no endpoint given', 'pass the endpoint name, or --from <file.json>');
        const { aws } = await rolloutTarget(opts, ctx);
        record = await aws.getRecord(endpoint);
        const historyTable = opts.historyTable ?? ctx.io.env.CDK_MLOPS_ROLLOUT_HISTORY_TABLE ?? record?.historyTable;
        if (historyTable && aws.readHistory) {
          const rows = await aws.readHistory(historyTable, endpoint, opts.rolloutId ? 1000 : 1);
          row = rows.find((r) => r.rolloutId === (opts.rolloutId ?? record?.rolloutId));
        }
        if (opts.rolloutId && record?.rolloutId !== opts.rolloutId) record = undefined;
      }
      if (!record && !row) {
        throw new CliError('NOT_FOUND', `no rollout ${opts.rolloutId ?? ''} found${endpoint ? ` for endpoint ${endpoint}` : ''}`.replace('  ', ' '),
          EXIT.NOT_FOUND, 'check the endpoint name, --table and --rollout-id');
      }
      const timeline = rolloutTimeline(record, row);
      write(opts.out, rolloutReportHtml(timeline));
      ctx.io.out(`report: ${opts.out} (${timeline.end ? `${timeline.end.outcome} at ${timeline.end.second} s` : 'still running'})\n`);
      ctx.exitCode = EXIT.OK;
    });
}

function write(file: string, html: string): void {
  try {
    fs.writeFileSync(file, html);
  } catch (e) {
    throw new CliError('REPORT_NOT_WRITTEN', `--out ${file}: ${(e as Error).message}`, EXIT.USAGE, 'give a path in a writable directory');
  }
}
