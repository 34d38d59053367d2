/** Sends the repository_dispatch that starts the deploy workflow (GitHub REST: POST /repos/{owner}/{repo}/dispatches). */
import { MODEL_APPROVAL_EVENT_TYPE, ModelApprovalPayload } from '../../../contracts/model-approval';

export async function repositoryDispatch(apiUrl: string, repository: string, token: string, payload: ModelApprovalPayload): Promise<void> {
  if (!/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(repository)) throw new Error(`GitHub repository '${repository}' is not owner/name`);
  const res = await fetch(`${apiUrl.replace(/\/$/, '')}/repos/${repository}/dispatches`, {
    method: 'POST',
    headers: {
      'Accept': 'application/vnd.github+json',
      'Authorization': `Bearer ${token}`,
      'X-GitHub-Api-Version': '2022-11-28',
      'Content-Type': 'application/json',
      'User-Agent': 'cdk-mlops-retraining-approval',
    },
    body: JSON.stringify({ event_type: MODEL_APPROVAL_EVENT_TYPE, client_payload: payload }),
  });
  // GitHub answers 204 No Content on success.
  if (res.status !== 204) throw new Error(`GitHub repository_dispatch to ${repository} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
}
