#!/usr/bin/env python3
"""Extracts the AWS limits the constructs check from AWS's own machine-readable sources.

Sources: botocore's API models (service-2.json of sagemaker, glue, cloudwatch, sns, application-autoscaling, events,
iam, ssm, redshift, redshift-serverless, cloudformation) and its partitions.json, cfn-lint's CloudFormation resource
schemas and format rules, and scripts/aws-limits/documented-rules.json for the rules AWS (or GitHub) states only in
prose (each with its page). Writes contracts/aws-limits.generated.ts (pure data).

  python3 scripts/extract-aws-limits.py            # rewrite the table (npm run limits)
  python3 scripts/extract-aws-limits.py --stdout   # print it (the freshness test compares it with the file)
"""
import json
import os
import re
import sys

import botocore
import botocore.session
from cfnlint.rules.resources.events.RuleScheduleExpression import RuleScheduleExpression
import cfnlint
from cfnlint.version import __version__ as cfnlint_version
from cfnlint.rules.formats.S3BucketName import S3BucketName
from cfnlint.schema import PROVIDER_SCHEMA_MANAGER

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, 'contracts', 'aws-limits.generated.ts')
DOCUMENTED = os.path.join(ROOT, 'scripts', 'aws-limits', 'documented-rules.json')
REGION = 'us-east-1'

session = botocore.session.get_session()
models = {}


def model(service):
    if service not in models:
        models[service] = session.get_service_model(service)
    return models[service]


def text(doc):
    return re.sub(r'\s+', ' ', re.sub(r'<[^>]+>', ' ', doc or '')).strip()


def shape(service, name, member=None):
    """min/max/pattern/enum of a botocore shape (or of a structure member's shape)."""
    s = model(service).shape_for(name)
    src = f'botocore {service} {name}'
    if member:
        s = s.members[member]
        src = f'botocore {service} {name}.{member} ({s.name})'
    out = {'source': src, 'type': s.type_name}
    md = s.metadata
    for key in ('min', 'max', 'pattern'):
        if key in md:
            out[key] = md[key]
    if getattr(s, 'enum', None):
        out['enum'] = list(s.enum)
    return out


def member_doc(service, name, member):
    return text(model(service).shape_for(name).members[member].documentation)


def cfn(type_name, *path):
    """A property of a CloudFormation resource schema (cfn-lint's, patches applied), `$ref`s followed."""
    schema = PROVIDER_SCHEMA_MANAGER.get_resource_schema(REGION, type_name).schema
    node = schema
    for p in path:
        node = node['properties'][p] if 'properties' in node else node[p]
        while '$ref' in node:
            node = schema['definitions'][node['$ref'].split('/')[-1]]
    out = {'source': f'cfn-lint schema {type_name}.{".".join(path)}', 'type': node.get('type')}
    for src_key, key in (('minimum', 'min'), ('maximum', 'max'), ('minLength', 'min'), ('maxLength', 'max'),
                         ('pattern', 'pattern'), ('enum', 'enum')):
        if src_key in node:
            out[key] = node[src_key]
    return out


def need(match, what):
    if not match:
        sys.exit(f'extract-aws-limits: could not find {what} in the AWS sources; the wording changed, update the script.')
    return match


def family(instance_type):
    return instance_type.split('.')[1]


def has_d_attribute(fam):
    # EC2 naming: <class><generation><attributes>; 'd' among the attributes means instance store volumes.
    m = re.match(r'^[a-z]+\d+([a-z]*)', fam)
    return bool(m) and 'd' in m.group(1)


def instance_storage(documented):
    rules = documented['instanceStore']
    hosting = shape('sagemaker', 'ProductionVariantInstanceType')['enum']
    # The SageMaker API reference names some NVMe families itself.
    doc = member_doc('sagemaker', 'ResourceConfig', 'VolumeSizeInGB')
    named = need(re.search(r'NVMe-type instance storage include (.*?)\. When', doc), 'the NVMe families of ResourceConfig')
    named_families = [f.split('.')[1] for f in re.findall(r'ml\.[a-z0-9-]+', named.group(1))]
    with_store = set(named_families) | set(rules['familiesWithoutDWithInstanceStore'])
    ebs_only = set(rules['ebsOnlyFamilies'])
    result, unknown = [], set()
    for t in hosting:
        fam = family(t)
        if has_d_attribute(fam) or fam in with_store:
            result.append(t)
        elif fam not in ebs_only:
            unknown.add(fam)
    if unknown:
        sys.exit(f'extract-aws-limits: botocore lists hosting families {sorted(unknown)} that documented-rules.json does not '
                 'classify; look them up in the EC2 instance store table and add each to familiesWithoutDWithInstanceStore '
                 'or ebsOnlyFamilies.')
    return {
        'source': f'botocore sagemaker ProductionVariantInstanceType x EC2 naming (d = instance store) x ResourceConfig.VolumeSizeInGB '
                  f'(names {", ".join(sorted(named_families))}) x {rules["source"]}',
        'type': 'list',
        'enum': result,
    }


def glue_worker_kinds():
    doc = member_doc('glue', 'CreateJobRequest', 'WorkerType')
    spark = need(re.search(r'Accepts a value of (.+?) for Spark jobs', doc), 'Spark worker types')
    ray = need(re.search(r'Accepts the value ([A-Z]\.\w+) for Ray jobs', doc), 'Ray worker types')
    spark_types = re.findall(r'[A-Z]\.\d+X', spark.group(1))
    kinds = {'glueetl': [], 'gluestreaming': [], 'glueray': [ray.group(1)]}
    min_version = {}
    for t in spark_types:
        para = need(re.search(rf'For the {re.escape(t)} worker type(.*?)(?=For the [A-Z]\.\w+ worker type|$)', doc), f'{t} text')
        only = re.search(r'only (?:available )?for Glue version ([\d.]+) or later (Spark ETL|streaming) jobs', para.group(1))
        if only:
            min_version[t] = only.group(1)
            kinds['glueetl' if only.group(2) == 'Spark ETL' else 'gluestreaming'].append(t)
        else:
            kinds['glueetl'].append(t)
            kinds['gluestreaming'].append(t)
    ray_version = need(re.search(r'Ray jobs should set GlueVersion to ([\d.]+) or greater',
                                 member_doc('glue', 'CreateJobRequest', 'GlueVersion')), 'Ray Glue version')
    min_version[ray.group(1)] = ray_version.group(1)
    return {
        'source': 'botocore glue CreateJobRequest.WorkerType and .GlueVersion documentation',
        'type': 'map',
        'kinds': kinds,
        'minGlueVersion': min_version,
    }


def glue_timeout():
    doc = member_doc('glue', 'CreateJobRequest', 'Timeout')
    m = need(re.search(r'less than 7 days or ([\d,]+) minutes', doc), 'the Glue timeout limit')
    out = shape('glue', 'CreateJobRequest', 'Timeout')
    out['max'] = int(m.group(1).replace(',', ''))
    out['source'] += ' (max from its documentation)'
    return out


def glue_min_spark_workers():
    doc = member_doc('glue', 'CreateJobRequest', 'MaxCapacity')
    m = need(re.search(r'Apache Spark ETL job .*?you can allocate from (\d+) to', doc), 'the Spark minimum capacity')
    return {'source': 'botocore glue CreateJobRequest.MaxCapacity documentation (Spark jobs: at least 2 DPUs, one driver)',
            'type': 'integer', 'min': int(m.group(1))}


def cloudwatch_period():
    doc = member_doc('cloudwatch', 'PutMetricAlarmInput', 'Period')
    m = need(re.search(r'Valid values are ([\d, ]+), and any multiple of (\d+)', doc), 'valid alarm periods')
    api = [int(v) for v in re.findall(r'\d+', m.group(1))]
    # cfn-lint checks AWS::CloudWatch::Alarm.Period too (E3xxx); the templates must pass both, so keep the intersection.
    ext = json.load(open(os.path.join(os.path.dirname(cfnlint.__file__), 'data', 'schemas', 'extensions',
                                      'aws_cloudwatch_alarm', 'period.json')))
    lint = ext['then']['properties']['Period']['then']['enum']
    seven = need(re.search(r"can't be more than ([\d,]+) seconds", doc), 'the 7-day evaluation limit')
    subhour = need(re.search(r'period of less than one hour \(([\d,]+) seconds\), the total evaluation period can.t be longer '
                             r'than one day \(([\d,]+) seconds\)', doc), 'the 1-day evaluation limit')
    return {
        'source': 'botocore cloudwatch PutMetricAlarmInput.Period documentation and cfn-lint extension aws_cloudwatch_alarm/period.json',
        'type': 'integer',
        'min': 1,
        'values': sorted(set(api) & set(lint)),
        'multipleOf': int(m.group(2)),
        'maxEvaluationSeconds': int(seven.group(1).replace(',', '')),
        'shortPeriodBelowSeconds': int(subhour.group(1).replace(',', '')),
        'maxEvaluationSecondsShortPeriod': int(subhour.group(2).replace(',', '')),
    }


def serverless_memory():
    out = shape('sagemaker', 'ServerlessMemorySizeInMB')
    doc = member_doc('sagemaker', 'ProductionVariantServerlessConfig', 'MemorySizeInMB')
    m = need(re.search(r'Valid values are in 1 GB increments: (.*)', doc), 'serverless memory sizes')
    out['values'] = [int(v) for v in re.findall(r'(\d+) MB', m.group(1))]
    out['source'] += ' and ProductionVariantServerlessConfig.MemorySizeInMB documentation'
    return out


def max_runtime():
    out = shape('sagemaker', 'MaxRuntimeInSeconds')
    m = need(re.search(r'The maximum value is (\d+) days', member_doc('sagemaker', 'StoppingCondition', 'MaxRuntimeInSeconds')),
             'the training runtime limit')
    out['max'] = int(m.group(1)) * 86400
    out['source'] += ' (max from StoppingCondition.MaxRuntimeInSeconds documentation)'
    return out


def metric_publish_frequency():
    doc = member_doc('sagemaker', 'MetricsConfig', 'MetricPublishFrequencyInSeconds')
    m = need(re.search(r'Valid values: ([\d, ]+)\.', doc), 'the allowed metric publish frequencies')
    out = shape('sagemaker', 'MetricsConfig', 'MetricPublishFrequencyInSeconds')
    out['values'] = [int(v) for v in re.findall(r'\d+', m.group(1))]
    out['source'] += ' documentation'
    return out


def shadow_rules(documented):
    doc = member_doc('sagemaker', 'CreateEndpointConfigInput', 'ShadowProductionVariants')
    need(re.search(r'you can only specify one variant for ProductionVariants and one variant for ShadowProductionVariants', doc),
         'the shadow variant rule')
    rules = documented['shadowExclusions']
    return {
        'source': f'botocore sagemaker CreateEndpointConfigInput.ShadowProductionVariants documentation; {rules["source"]}',
        'type': 'map',
        'maxProductionVariants': 1,
        'maxShadowVariants': 1,
        'excludesServerless': rules['serverless'],
        'excludedInstanceFamilies': rules['instanceFamilies'],
    }


def rolling_batch_percent():
    """The rolling update's batch size in percent of the copy count, from the API documentation."""
    doc = member_doc('sagemaker', 'InferenceComponentRollingUpdatePolicy', 'MaximumBatchSize')
    m = need(re.search(r'must be between (\d+)% to (\d+)% of the copy count', doc), 'the rolling update batch range')
    return {'source': 'botocore sagemaker InferenceComponentRollingUpdatePolicy.MaximumBatchSize documentation',
            'type': 'integer', 'min': int(m.group(1)), 'max': int(m.group(2))}


def copy_count_scaling():
    """Application Auto Scaling of inference component copies: the names AWS's model spells, checked to exist there."""
    aas = 'application-autoscaling'
    dimension = 'sagemaker:inference-component:DesiredCopyCount'
    metric = 'SageMakerInferenceComponentInvocationsPerCopy'
    need(dimension in shape(aas, 'ScalableDimension')['enum'], f'{dimension} among the scalable dimensions')
    need(metric in shape(aas, 'MetricType')['enum'], f'{metric} among the predefined metrics')
    doc = member_doc(aas, 'RegisterScalableTargetRequest', 'ResourceId')
    prefix = need(re.search(r'SageMaker inference component - The resource type is ([a-z-]+)', doc), 'the inference component resource id')
    return {
        'source': f'botocore {aas} ScalableDimension, MetricType and RegisterScalableTargetRequest.ResourceId documentation',
        'type': 'map',
        'scalableDimension': dimension,
        'predefinedMetric': metric,
        'resourceIdPrefix': f'{prefix.group(1)}/',
    }


def sns_protocols():
    doc = member_doc('sns', 'SubscribeInput', 'Protocol')
    protocols = re.findall(r'\b([a-z-]+) – delivery', doc)
    need(protocols, 'SNS protocols')
    return {'source': 'botocore sns SubscribeInput.Protocol documentation', 'type': 'string', 'enum': protocols}


def described(service, shape_name, member, regex, what, group=1):
    """A value AWS states in a member's documentation (the regex's group), or exit naming what was not found."""
    m = need(re.search(regex, member_doc(service, shape_name, member)), what)
    return m.group(group)


def schedule_expressions(documented):
    rules = documented['scheduleExpressions']
    out = shape('events', 'PutRuleRequest', 'ScheduleExpression')
    out['source'] += f' (length); cfn-lint rule {RuleScheduleExpression.id} (rate and cron form); {rules["source"]}'
    out['rateUnits'] = {'one': ['minute', 'hour', 'day'], 'many': ['minutes', 'hours', 'days']}
    out['cronFields'] = rules['cronFields']
    return out


def dashboard_name():
    doc = member_doc('cloudwatch', 'PutDashboardInput', 'DashboardName')
    m = need(re.search(r'The maximum length is (\d+), and valid characters are A-Z, a-z, 0-9, "-", and "_"', doc), 'dashboard name rules')
    return {'source': 'botocore cloudwatch PutDashboardInput.DashboardName documentation', 'type': 'string',
            'min': 1, 'max': int(m.group(1)), 'pattern': '[A-Za-z0-9_-]+'}


def stack_name():
    doc = member_doc('cloudformation', 'CreateStackInput', 'StackName')
    need(re.search(r'can contain only alphanumeric characters \(case sensitive\) and hyphens\. It must start with an alphabetical '
                   r'character', doc), 'stack name characters')
    m = need(re.search(r"can't be longer than (\d+) characters", doc), 'stack name length')
    return {'source': 'botocore cloudformation CreateStackInput.StackName documentation', 'type': 'string',
            'min': 1, 'max': int(m.group(1)), 'pattern': '[A-Za-z][A-Za-z0-9-]*'}


def ssm_parameter_name():
    doc = member_doc('ssm', 'PutParameterRequest', 'Name')
    need(re.search(r'can include only the following symbols and letters: a-zA-Z0-9_\.-', doc), 'SSM parameter name characters')
    prefixes = need(re.search(r'can.t be prefixed with " ?(\w+) ?" or " ?(\w+) ?"', doc), 'SSM reserved prefixes')
    depth = need(re.search(r'limited to a maximum depth of (\w+) levels', doc), 'SSM hierarchy depth')
    words = {'fifteen': 15}
    out = shape('ssm', 'PutParameterRequest', 'Name')
    out['source'] += ' and its documentation'
    out['pattern'] = '[a-zA-Z0-9_.\\-/]+'
    out['reservedPrefixes'] = [prefixes.group(1), prefixes.group(2)]
    out['maxDepth'] = words.get(depth.group(1), depth.group(1))
    return out


def redshift_admin_username():
    doc = member_doc('redshift', 'CreateClusterMessage', 'MasterUsername')
    length = need(re.search(r'Must be (\d+) - (\d+) alphanumeric characters', doc), 'Redshift admin user name length')
    public = need(re.search(r"The user name can't be (\w+)", doc), 'the reserved Redshift user name')
    need(re.search(r'lowercase letters, numbers, underscore, plus sign, period \(dot\), at symbol \(@\), or hyphen\. The first '
                   r'character must be a letter', doc), 'Redshift admin user name characters')
    return {
        'source': 'botocore redshift CreateClusterMessage.MasterUsername documentation (also the admin user of redshift-serverless '
                  'CreateNamespace); not a reserved word (redshift.ReservedWords)',
        'type': 'string', 'min': int(length.group(1)), 'max': int(length.group(2)), 'pattern': '[a-z][a-z0-9_+.@-]*',
        'reservedNames': [public.group(1).lower()],
    }


def redshift_database_name():
    doc = member_doc('redshift', 'CreateClusterMessage', 'DBName')
    m = need(re.search(r'Must contain (\d+) to (\d+) alphanumeric characters\. Must contain only lowercase letters\. Cannot be a word '
                       r'that is reserved by the service', doc), 'Redshift database name rules')
    return {
        'source': 'botocore redshift CreateClusterMessage.DBName documentation (also the first database of redshift-serverless '
                  'CreateNamespace); not a reserved word (redshift.ReservedWords)',
        'type': 'string', 'min': int(m.group(1)), 'max': int(m.group(2)), 'pattern': '[a-z0-9]+',
    }


def partitions():
    data = json.load(open(os.path.join(os.path.dirname(botocore.__file__), 'data', 'partitions.json')))
    return {
        'source': 'botocore data/partitions.json',
        'type': 'list',
        'partitions': [{'id': p['id'], 'regionRegex': p['regionRegex'],
                        'regions': sorted(r for r in p['regions'] if not r.endswith('-global'))} for p in data['partitions']],
    }


def extract():
    documented = json.load(open(DOCUMENTED))
    s3 = documented['s3BucketNames']
    limits = {
        # SageMaker hosting
        'sagemaker.ProductionVariantInstanceType': shape('sagemaker', 'ProductionVariantInstanceType'),
        'sagemaker.TrainingInstanceType': shape('sagemaker', 'TrainingInstanceType'),
        'sagemaker.TransformInstanceType': shape('sagemaker', 'TransformInstanceType'),
        'sagemaker.instanceTypesWithInstanceStorage': instance_storage(documented),
        'sagemaker.EndpointName': shape('sagemaker', 'EndpointName'),
        'sagemaker.VariantName': shape('sagemaker', 'VariantName'),
        'sagemaker.ModelName': shape('sagemaker', 'ModelName'),
        'sagemaker.ProductionVariantList': shape('sagemaker', 'ProductionVariantList'),
        'sagemaker.InitialTaskCount': shape('sagemaker', 'InitialTaskCount'),
        'sagemaker.VariantWeight': shape('sagemaker', 'VariantWeight'),
        'sagemaker.ServerlessMemorySizeInMB': serverless_memory(),
        'sagemaker.ServerlessMaxConcurrency': shape('sagemaker', 'ServerlessMaxConcurrency'),
        'sagemaker.ServerlessProvisionedConcurrency': shape('sagemaker', 'ServerlessProvisionedConcurrency'),
        'sagemaker.shadowVariants': shadow_rules(documented),
        'sagemaker.SamplingPercentage': shape('sagemaker', 'SamplingPercentage'),
        'sagemaker.MetricPublishFrequencyInSeconds': metric_publish_frequency(),
        'sagemaker.CsvContentType': shape('sagemaker', 'CsvContentType'),
        'sagemaker.JsonContentType': shape('sagemaker', 'JsonContentType'),
        'sagemaker.CsvContentTypes': shape('sagemaker', 'CsvContentTypes'),
        'sagemaker.JsonContentTypes': shape('sagemaker', 'JsonContentTypes'),
        'sagemaker.DestinationS3Uri': shape('sagemaker', 'DestinationS3Uri'),
        'sagemaker.EnvironmentMap': shape('sagemaker', 'EnvironmentMap'),
        'sagemaker.EnvironmentKey': shape('sagemaker', 'EnvironmentKey'),
        'sagemaker.EnvironmentValue': shape('sagemaker', 'EnvironmentValue'),
        # SageMaker inference components (and the endpoint config that hosts them)
        'sagemaker.InferenceComponentName': shape('sagemaker', 'InferenceComponentName'),
        'sagemaker.InferenceComponentCopyCount': shape('sagemaker', 'InferenceComponentCopyCount'),
        'sagemaker.NumberOfCpuCores': shape('sagemaker', 'NumberOfCpuCores'),
        'sagemaker.NumberOfAcceleratorDevices': shape('sagemaker', 'NumberOfAcceleratorDevices'),
        'sagemaker.MemoryInMb': shape('sagemaker', 'MemoryInMb'),
        'sagemaker.ModelDataDownloadTimeoutInSeconds': shape('sagemaker', 'ProductionVariantModelDataDownloadTimeoutInSeconds'),
        'sagemaker.ContainerStartupHealthCheckTimeoutInSeconds':
            shape('sagemaker', 'ProductionVariantContainerStartupHealthCheckTimeoutInSeconds'),
        'sagemaker.ManagedInstanceScalingMinInstanceCount': shape('sagemaker', 'ManagedInstanceScalingMinInstanceCount'),
        'sagemaker.ManagedInstanceScalingMaxInstanceCount': shape('sagemaker', 'ManagedInstanceScalingMaxInstanceCount'),
        'sagemaker.RoutingStrategy': shape('sagemaker', 'RoutingStrategy'),
        'sagemaker.InferenceComponentCapacitySizeType': shape('sagemaker', 'InferenceComponentCapacitySizeType'),
        'sagemaker.CapacitySizeValue': shape('sagemaker', 'CapacitySizeValue'),
        'sagemaker.rollingUpdateBatchPercent': rolling_batch_percent(),
        'sagemaker.WaitIntervalInSeconds': shape('sagemaker', 'WaitIntervalInSeconds'),
        'sagemaker.MaximumExecutionTimeoutInSeconds': shape('sagemaker', 'MaximumExecutionTimeoutInSeconds'),
        'sagemaker.AutoRollbackAlarms': shape('sagemaker', 'AlarmList'),
        'applicationautoscaling.inferenceComponentCopies': copy_count_scaling(),
        # SageMaker training
        'sagemaker.HyperParameters': shape('sagemaker', 'HyperParameters'),
        'sagemaker.HyperParameterKey': shape('sagemaker', 'HyperParameterKey'),
        'sagemaker.HyperParameterValue': shape('sagemaker', 'HyperParameterValue'),
        'sagemaker.VolumeSizeInGB': shape('sagemaker', 'VolumeSizeInGB'),
        'sagemaker.MaxRuntimeInSeconds': max_runtime(),
        'sagemaker.ContentType': shape('sagemaker', 'ContentType'),
        # SageMaker registry, lineage and Batch Transform
        'sagemaker.EntityName': shape('sagemaker', 'EntityName'),
        'sagemaker.EntityDescription': shape('sagemaker', 'EntityDescription'),
        'sagemaker.ModelPackageArn': shape('sagemaker', 'ModelPackageArn'),
        'sagemaker.MetadataPropertyValue': shape('sagemaker', 'MetadataProperties', 'Repository'),
        'sagemaker.TransformInstanceCount': shape('sagemaker', 'TransformInstanceCount'),
        'sagemaker.S3Uri': shape('sagemaker', 'S3Uri'),
        # Application Auto Scaling (SageMaker variants)
        'applicationautoscaling.ResourceCapacity': shape('application-autoscaling', 'ResourceCapacity'),
        'applicationautoscaling.Cooldown': shape('application-autoscaling', 'Cooldown'),
        # CloudWatch
        'cloudwatch.Period': cloudwatch_period(),
        'cloudwatch.EvaluationPeriods': shape('cloudwatch', 'EvaluationPeriods'),
        'cloudwatch.DatapointsToAlarm': shape('cloudwatch', 'DatapointsToAlarm'),
        'cloudwatch.AlarmName': shape('cloudwatch', 'AlarmName'),
        'cloudwatch.dashboard': {'type': None, **documented['cloudwatchDashboards']},
        'cloudwatch.AlarmDescription': shape('cloudwatch', 'PutMetricAlarmInput', 'AlarmDescription'),
        'cloudwatch.DimensionValue': shape('cloudwatch', 'DimensionValue'),
        'cloudwatch.DashboardName': dashboard_name(),
        # EventBridge
        'events.ScheduleExpression': schedule_expressions(documented),
        'events.RuleDescription': shape('events', 'PutRuleRequest', 'Description'),
        # IAM, SSM, CloudFormation, partitions
        'iam.MaxSessionDuration': shape('iam', 'CreateRoleRequest', 'MaxSessionDuration'),
        'ssm.ParameterName': ssm_parameter_name(),
        'cloudformation.StackName': stack_name(),
        'aws.partitions': partitions(),
        # Redshift Serverless
        'redshift.AdminUsername': redshift_admin_username(),
        'redshift.DatabaseName': redshift_database_name(),
        'redshift.ReservedWords': {'source': documented['redshiftReservedWords']['source'], 'type': 'list',
                                   'enum': [w.lower() for w in documented['redshiftReservedWords']['words']]},
        'redshiftserverless.NamespaceName': shape('redshift-serverless', 'CreateNamespaceRequest', 'namespaceName'),
        'redshiftserverless.WorkgroupName': shape('redshift-serverless', 'CreateWorkgroupRequest', 'workgroupName'),
        # Glue
        'glue.WorkerType': cfn('AWS::Glue::Job', 'WorkerType'),
        'glue.workerTypesByJobKind': glue_worker_kinds(),
        'glue.GlueVersion': cfn('AWS::Glue::Job', 'GlueVersion'),
        'glue.Timeout': glue_timeout(),
        'glue.sparkMinWorkers': glue_min_spark_workers(),
        'glue.ColumnName': shape('glue', 'Column', 'Name'),
        'glue.ColumnType': shape('glue', 'Column', 'Type'),
        # SNS
        'sns.protocols': sns_protocols(),
        'sns.emailEndpoint': {'source': documented['snsEmail']['source'], 'type': 'string',
                              'max': documented['snsEmail']['maxLength']},
        # S3
        's3.ObjectKey': {'source': documented['s3ObjectKeys']['source'], 'type': 'string', 'min': 1,
                         'max': documented['s3ObjectKeys']['maxUtf8Bytes']},
        # GitHub (owner/repository names in OIDC subjects and repository dispatches)
        'github.names': dict(documented['githubNames'], type='map'),
        's3.BucketName': {
            'source': f'cfn-lint format rule {S3BucketName.id} (AWS::S3::Bucket.Name) and schema; {s3["source"]}',
            'type': 'string',
            'min': 3,
            'max': cfn('AWS::S3::Bucket', 'BucketName')['max'],
            'pattern': S3BucketName().pattern,
            'reservedPrefixes': s3['reservedPrefixes'],
            'reservedSuffixes': s3['reservedSuffixes'],
        },
    }
    return limits


def render(limits):
    body = json.dumps(limits, indent=2, ensure_ascii=False)
    return (
        '// GENERATED by scripts/extract-aws-limits.py from botocore '
        f'{botocore.__version__} and cfn-lint {cfnlint_version}'
        ' (+ scripts/aws-limits/documented-rules.json).\n'
        '// Do not edit: run `npm run limits`. test/validation/aws-limits-table.test.ts checks it is current.\n'
        '/* eslint-disable */\n\n'
        "import { AwsLimit } from './aws-limit';\n\n"
        f'export const AWS_LIMITS = {body} satisfies Record<string, AwsLimit>;\n'
    )


def main():
    out = render(extract())
    if '--stdout' in sys.argv:
        sys.stdout.write(out)
    else:
        with open(OUT, 'w') as f:
            f.write(out)
        print(f'wrote {os.path.relpath(OUT, ROOT)}')


if __name__ == '__main__':
    main()
