import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261123211002_initial } from './Migration20261123211002_initial';
import { Migration20261123222027_access_control } from './Migration20261123222027_access_control';
import { Migration20261123224500_auditor_scope } from './Migration20261123224500_auditor_scope';
import { Migration20261123231500_audit_reserve } from './Migration20261123231500_audit_reserve';
import { Migration20261124013000_audit_read_team_scope } from './Migration20261124013000_audit_read_team_scope';
import { Migration20261203223335_case_engine } from './Migration20261203223335_case_engine';
import { Migration20261204004000_security_hardening } from './Migration20261204004000_security_hardening';
import { Migration20261204010322_audit_append } from './Migration20261204010322_audit_append';
import { Migration20261204011738_allegation } from './Migration20261204011738_allegation';
import { Migration20261204050000_form_drafts } from './Migration20261204050000_form_drafts';
import { Migration20261204060000_concern_intake } from './Migration20261204060000_concern_intake';
import { Migration20261204070000_complaint } from './Migration20261204070000_complaint';
import { Migration20261204080000_notification } from './Migration20261204080000_notification';
import { Migration20261204090000_incident } from './Migration20261204090000_incident';
import { Migration20261204092935_provider_concern } from './Migration20261204092935_provider_concern';
import { Migration20261204104538_case_notes } from './Migration20261204104538_case_notes';
import { Migration20261204122521_continuity } from './Migration20261204122521_continuity';
import { Migration20261204124237_return_submissions } from './Migration20261204124237_return_submissions';
import { Migration20261204125339_page_indexes } from './Migration20261204125339_page_indexes';
import { Migration20261204150000_rls_column_scope } from './Migration20261204150000_rls_column_scope';
import { Migration20261204153157_clock_replaces } from './Migration20261204153157_clock_replaces';
import { Migration20261204153513_clock_tallies } from './Migration20261204153513_clock_tallies';
import { Migration20261204190527_resolution_review } from './Migration20261204190527_resolution_review';
import { Migration20261204201500_provider_reads } from './Migration20261204201500_provider_reads';
import { Migration20261204184406_open_work } from './Migration20261204184406_open_work';
import { Migration20261204183304_lado_evaluation } from './Migration20261204183304_lado_evaluation';
import { Migration20261204155741_open_work_indexes } from './Migration20261204155741_open_work_indexes';
import { Migration20261205130000_notification_triggers } from './Migration20261205130000_notification_triggers';
import { Migration20261205131500_audit_actor_from_scope } from './Migration20261205131500_audit_actor_from_scope';
import { Migration20261205133000_dbs_actions_notice } from './Migration20261205133000_dbs_actions_notice';
import { Migration20261205140000_definer_hardening } from './Migration20261205140000_definer_hardening';

/** Every migration, in order. A migration on main is never edited: fix forward with a new one. */
export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261123211002_initial', class: Migration20261123211002_initial },
  { name: 'Migration20261123222027_access_control', class: Migration20261123222027_access_control },
  { name: 'Migration20261123224500_auditor_scope', class: Migration20261123224500_auditor_scope },
  { name: 'Migration20261123231500_audit_reserve', class: Migration20261123231500_audit_reserve },
  {
    name: 'Migration20261124013000_audit_read_team_scope',
    class: Migration20261124013000_audit_read_team_scope,
  },
  { name: 'Migration20261203223335_case_engine', class: Migration20261203223335_case_engine },
  {
    name: 'Migration20261204004000_security_hardening',
    class: Migration20261204004000_security_hardening,
  },
  { name: 'Migration20261204010322_audit_append', class: Migration20261204010322_audit_append },
  { name: 'Migration20261204011738_allegation', class: Migration20261204011738_allegation },
  { name: 'Migration20261204050000_form_drafts', class: Migration20261204050000_form_drafts },
  { name: 'Migration20261204060000_concern_intake', class: Migration20261204060000_concern_intake },
  { name: 'Migration20261204070000_complaint', class: Migration20261204070000_complaint },
  { name: 'Migration20261204080000_notification', class: Migration20261204080000_notification },
  { name: 'Migration20261204090000_incident', class: Migration20261204090000_incident },
  {
    name: 'Migration20261204092935_provider_concern',
    class: Migration20261204092935_provider_concern,
  },
  { name: 'Migration20261204104538_case_notes', class: Migration20261204104538_case_notes },
  { name: 'Migration20261204122521_continuity', class: Migration20261204122521_continuity },
  {
    name: 'Migration20261204124237_return_submissions',
    class: Migration20261204124237_return_submissions,
  },
  { name: 'Migration20261204125339_page_indexes', class: Migration20261204125339_page_indexes },
  {
    name: 'Migration20261204150000_rls_column_scope',
    class: Migration20261204150000_rls_column_scope,
  },
  { name: 'Migration20261204153157_clock_replaces', class: Migration20261204153157_clock_replaces },
  { name: 'Migration20261204153513_clock_tallies', class: Migration20261204153513_clock_tallies },
  {
    name: 'Migration20261204155741_open_work_indexes',
    class: Migration20261204155741_open_work_indexes,
  },
  { name: 'Migration20261204183304_lado_evaluation', class: Migration20261204183304_lado_evaluation },
  { name: 'Migration20261204184406_open_work', class: Migration20261204184406_open_work },
  { name: 'Migration20261204190527_resolution_review', class: Migration20261204190527_resolution_review },
  { name: 'Migration20261204201500_provider_reads', class: Migration20261204201500_provider_reads },
  {
    name: 'Migration20261205130000_notification_triggers',
    class: Migration20261205130000_notification_triggers,
  },
  {
    name: 'Migration20261205131500_audit_actor_from_scope',
    class: Migration20261205131500_audit_actor_from_scope,
  },
  {
    name: 'Migration20261205133000_dbs_actions_notice',
    class: Migration20261205133000_dbs_actions_notice,
  },
  {
    name: 'Migration20261205140000_definer_hardening',
    class: Migration20261205140000_definer_hardening,
  },
];
