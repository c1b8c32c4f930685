/**
 * Meta's template management calls (create, edit, delete) and the Resumable Upload API that turns a header
 * sample into the handle `h` Meta's review needs. The Graph base URL is Meta's or the sandbox's.
 */
import type { GraphClient } from '../channels/whatsapp/graph-client.ts';

export interface MetaCreatePayload {
  name: string;
  category: string;
  language: string;
  parameter_format?: 'named' | 'positional';
  components: unknown[];
  allow_category_change?: boolean;
}

export class TemplateGraph {
  private readonly apps = new Map<string, string>();

  constructor(private readonly graph: GraphClient) {}

  create(wabaId: string, payload: MetaCreatePayload): Promise<{ id: string; status: string; category: string }> {
    return this.graph.call('POST', `/${encodeURIComponent(wabaId)}/message_templates`, payload, {}, { wabaId });
  }

  /** Edit (`POST /{template-id}`): Meta reviews the new content again. */
  edit(
    wabaId: string,
    metaId: string,
    patch: { category?: string; components?: unknown[] },
  ): Promise<{ success: boolean }> {
    return this.graph.call('POST', `/${encodeURIComponent(metaId)}`, patch, {}, { wabaId });
  }

  /** One language (`hsm_id`) or every language of the name. */
  delete(wabaId: string, name: string, hsmId?: string): Promise<{ success: boolean }> {
    const q = new URLSearchParams({ name, ...(hsmId ? { hsm_id: hsmId } : {}) });
    return this.graph.call(
      'DELETE',
      `/${encodeURIComponent(wabaId)}/message_templates?${q}`,
      undefined,
      {},
      { wabaId },
    );
  }

  /** The app of the token that manages this WABA (`GET /app`): uploads belong to an app. */
  private async appId(wabaId: string): Promise<string> {
    const known = this.apps.get(wabaId);
    if (known) return known;
    const app = await this.graph.call<{ id: string }>('GET', '/app', undefined, {}, { wabaId });
    this.apps.set(wabaId, app.id);
    return app.id;
  }

  /**
   * Resumable upload: open a session on `/{app-id}/uploads`, send the bytes from offset 0, get the handle.
   * A sample is at most a few MB, so one request carries it all.
   */
  async uploadSample(wabaId: string, bytes: Uint8Array, mimeType: string, fileName: string): Promise<string> {
    const app = await this.appId(wabaId);
    const q = new URLSearchParams({ file_name: fileName, file_length: String(bytes.byteLength), file_type: mimeType });
    const session = await this.graph.call<{ id: string }>(
      'POST',
      `/${encodeURIComponent(app)}/uploads?${q}`,
      undefined,
      {},
      { wabaId },
    );
    const done = await this.graph.call<{ h: string }>(
      'POST',
      `/${session.id}`,
      undefined,
      {
        headers: { file_offset: '0', 'content-type': 'application/octet-stream' },
        body: bytes as unknown as BodyInit,
      },
      { wabaId },
    );
    return done.h;
  }
}
