/** A Data Capture JSONL line as SageMaker writes it (CSV input and output). */
export function captureLine(o: { output: string; eventId: string; inferenceId?: string; time: string; input?: string }): string {
  return JSON.stringify({
    captureData: {
      endpointInput: { observedContentType: 'text/csv', mode: 'INPUT', data: o.input ?? '5.1,3.5,1.4,0.2', encoding: 'CSV' },
      endpointOutput: { observedContentType: 'text/csv', mode: 'OUTPUT', data: o.output, encoding: 'CSV' },
    },
    eventMetadata: { eventId: o.eventId, ...(o.inferenceId ? { inferenceId: o.inferenceId } : {}), inferenceTime: o.time },
    eventVersion: '0',
  });
}
