// TypeBox schemas of the process API (Core's api.ProcessConfig and friends), for validation and the Swagger page.
import { Type } from '@sinclair/typebox';

const Cleanup = Type.Object(
  {
    pattern: Type.String(),
    max_files: Type.Optional(Type.Integer()),
    max_file_age_seconds: Type.Optional(Type.Integer()),
    purge_on_delete: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: true },
);

const ConfigIO = Type.Object(
  {
    id: Type.String(),
    address: Type.String(),
    options: Type.Array(Type.String()),
    cleanup: Type.Optional(Type.Array(Cleanup)),
  },
  { additionalProperties: true },
);

export const ProcessConfigSchema = Type.Object(
  {
    id: Type.String(),
    type: Type.String(),
    reference: Type.String(),
    input: Type.Array(ConfigIO),
    output: Type.Array(ConfigIO),
    options: Type.Array(Type.String()),
    reconnect: Type.Boolean(),
    reconnect_delay_seconds: Type.Integer(),
    autostart: Type.Boolean(),
    stale_timeout_seconds: Type.Integer(),
    limits: Type.Object({ cpu_usage: Type.Number(), memory_mbytes: Type.Integer(), waitfor_seconds: Type.Integer() }),
  },
  { description: 'api.ProcessConfig' },
);

/** Request bodies are decoded with Core's (Go's) rules by the registry, which reports type errors per field. */
export const ProcessConfigBody = Type.Object({}, { additionalProperties: true, description: 'api.ProcessConfig (partial on update)' });

export const AnyJson = Type.Unknown({ description: 'see the datarhei Core API contract' });

export const IdParams = Type.Object({ id: Type.String({ minLength: 1 }) });
export const IdKeyParams = Type.Object({ id: Type.String({ minLength: 1 }), key: Type.String() });

export const FilterQuery = Type.Object({ filter: Type.Optional(Type.String()) });

export const ListQuery = Type.Object({
  filter: Type.Optional(Type.String()),
  reference: Type.Optional(Type.String()),
  id: Type.Optional(Type.String()),
  idpattern: Type.Optional(Type.String()),
  refpattern: Type.Optional(Type.String()),
});

export const CommandBody = Type.Object({
  command: Type.Union([Type.Literal('start'), Type.Literal('stop'), Type.Literal('restart'), Type.Literal('reload')]),
});
