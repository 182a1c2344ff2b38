import { z } from 'zod';

/** Roles a signed-in user holds (DOMAIN §3). */
export const UserRoles = [
  'provider_staff',
  'provider_lead',
  'council_officer',
  'team_manager',
  'head_of_service',
  'lado',
  'commissioner',
  'auditor',
] as const;
export const UserRoleSchema = z.enum(UserRoles);
export type UserRole = z.infer<typeof UserRoleSchema>;

export const ProviderRoles: readonly UserRole[] = ['provider_staff', 'provider_lead'];
export const CouncilRoles: readonly UserRole[] = [
  'council_officer',
  'team_manager',
  'head_of_service',
  'lado',
  'commissioner',
  'auditor',
];

/**
 * Recipients an escalation ladder rung may name. `edt` (the council's out-of-hours Emergency Duty
 * Team) is never written in a policy file: out-of-hours routing puts it in place of a council role.
 */
export const LadderRoles = [
  'assignee',
  'team_manager',
  'head_of_service',
  'provider_manager',
  'commissioner',
  'lado',
  'edt',
] as const;
/** The recipients a policy file may name. */
export const PolicyLadderRoles = [
  'assignee',
  'team_manager',
  'head_of_service',
  'provider_manager',
  'commissioner',
  'lado',
] as const;
export const LadderRoleSchema = z.enum(LadderRoles);
export type LadderRole = z.infer<typeof LadderRoleSchema>;

export const OrganisationKinds = ['council', 'provider'] as const;
export type OrganisationKind = (typeof OrganisationKinds)[number];
