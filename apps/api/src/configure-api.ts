import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { TaskCompletionService } from '@vigil/cases';
import { TaskTypes } from '@vigil/contracts';
import { cleanupOpenApiDoc } from 'nestjs-zod';
import { z } from 'zod';

const COMPLETE = '/api/v1/cases/{id}/tasks/{taskId}/complete';

/**
 * Every task type's body, from the schema its handler validates with, as `TaskBody_<task type>`, and the
 * completion route's body as one of them (the generic route takes the task's own).
 */
function documentTaskBodies(app: INestApplication, doc: OpenAPIObject): OpenAPIObject {
  const tasks = app.get(TaskCompletionService, { strict: false });
  const schemas = { ...(doc.components?.schemas ?? {}) };
  for (const type of TaskTypes) {
    const json = z.toJSONSchema(tasks.schemaOf(type) as z.ZodType, { io: 'input', unrepresentable: 'any' });
    // Named schemas come back as `$defs`: they become components, and the body is the root one itself.
    const {
      $defs = {},
      $ref,
      $schema: _,
      ...root
    } = JSON.parse(JSON.stringify(json).replaceAll('#/$defs/', '#/components/schemas/')) as {
      $defs?: Record<string, object>;
      $ref?: string;
      $schema?: string;
    };
    Object.assign(schemas, $defs);
    const named = $ref ? $defs[$ref.replace('#/components/schemas/', '')] : undefined;
    schemas[`TaskBody_${type}`] = (named ?? root) as never;
  }
  const post = doc.paths[COMPLETE]?.post;
  if (post) {
    post.requestBody = {
      required: true,
      description: 'The body of the task’s type (see the task’s `type`)',
      content: {
        'application/json': {
          schema: { oneOf: TaskTypes.map((t) => ({ $ref: `#/components/schemas/TaskBody_${t}` })) },
        },
      },
    };
  }
  return { ...doc, components: { ...doc.components, schemas } };
}

/** OpenAPI at /api/docs (JSON at /api/docs-json). */
export function configureApi(app: INestApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Vigil API')
      .setDescription(
        'Safeguarding and serious-incident case tracking. Errors are application/problem+json (RFC 9457).',
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, documentTaskBodies(app, cleanupOpenApiDoc(document)));
}
