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

/** The kind of organisation each role belongs to: provider roles at providers, every other at a council. */
export const RoleOrganisationKind: Record<UserRole, OrganisationKind> = {
  provider_staff: 'provider',
  provider_lead: 'provider',
  council_officer: 'council',
  team_manager: 'council',
  head_of_service: 'council',
  lado: 'council',
  commissioner: 'council',
  auditor: 'council',
};

/** Whether a role makes sense at an organisation of this kind (a provider's user is never a council officer). */
export const roleFitsOrganisation = (role: UserRole, kind: OrganisationKind): boolean =>
  RoleOrganisationKind[role] === kind;
