import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { UserRoles } from '@vigil/contracts';
import { OrganisationSchema, TeamSchema } from './organisation.entity';

export const UserSchema = defineEntity({
  name: 'User',
  tableName: 'users',
  uniques: [{ properties: ['oidcIssuer', 'oidcSubject'] }],
  properties: (p) => ({
    id: p.uuid().primary(),
    /** Stored lower-cased; sign-in compares lower-cased. */
    email: p.text().unique(),
    displayName: p.text(),
    passwordHash: p.text().nullable(),
    organisationId: p.manyToOne(OrganisationSchema).mapToPk().fieldName('organisation_id').index(),
    role: p.enum([...UserRoles]),
    teamId: p.manyToOne(TeamSchema).mapToPk().fieldName('team_id').nullable(),
    active: p.boolean().default(true),
    /** Who hears of this user's break-glass access; null falls back to the council's auditors. */
    lineManagerId: p.uuid().nullable(),
    /** Consecutive failed sign-ins; reset by a successful one. */
    failedSignIns: p.integer().default(0),
    /** Locked out until then, with back-off doubling per further failure. */
    lockedUntil: p.datetime().nullable(),
    lastSignInAt: p.datetime().nullable(),
    /** An identity provider's account this user is linked to (issuer and subject, never the email). */
    oidcIssuer: p.text().nullable(),
    oidcSubject: p.text().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  }),
});
export type User = InferEntity<typeof UserSchema>;

/** Which providers a commissioner commissions (DOMAIN §3). */
export const CommissioningSchema = defineEntity({
  name: 'Commissioning',
  tableName: 'commissioning',
  properties: (p) => ({
    commissionerId: p.manyToOne(UserSchema).mapToPk().fieldName('commissioner_id').primary(),
    providerId: p.manyToOne(OrganisationSchema).mapToPk().fieldName('provider_id').primary(),
  }),
});
export type Commissioning = InferEntity<typeof CommissioningSchema>;

export const ApiTokenSchema = defineEntity({
  name: 'ApiToken',
  tableName: 'api_tokens',
  properties: (p) => ({
    id: p.uuid().primary(),
    /** sha256 of the bearer token; the token itself is never stored. */
    tokenHash: p.text().unique(),
    userId: p.manyToOne(UserSchema).mapToPk().fieldName('user_id').index(),
    createdAt: p.datetime(),
    expiresAt: p.datetime(),
    revokedAt: p.datetime().nullable(),
  }),
});
export type ApiToken = InferEntity<typeof ApiTokenSchema>;

/** Server-side web sessions (the table connect-pg-simple expects). */
export const SessionSchema = defineEntity({
  name: 'Session',
  tableName: 'sessions',
  properties: (p) => ({
    sid: p.string().length(255).primary(),
    sess: p.json<Record<string, unknown>>(),
    expire: p.datetime().length(6).index(),
  }),
});
export type SessionRecord = InferEntity<typeof SessionSchema>;

/**
 * A form being filled in one question per page (raising an allegation, say): the answers so far, kept in
 * PostgreSQL (never in the session), for their author only, with the Idempotency-Key the final submit uses.
 */
export const FormDraftSchema = defineEntity({
  name: 'FormDraft',
  tableName: 'form_drafts',
  properties: (p) => ({
    userId: p.manyToOne(UserSchema).mapToPk().fieldName('user_id').primary(),
    flow: p.text().primary(),
    key: p.uuid(),
    answers: p.json<Record<string, string>>(),
    updatedAt: p.datetime(),
  }),
});
