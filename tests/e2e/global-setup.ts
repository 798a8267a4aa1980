/**
 * One dashboard for the `dashboard` test project (tests/e2e, tests/api): a generated warehouse of
 * 20,000 referrals over 12 months plus the NHS Digital workforce files, built once, served once.
 * Tests read its address and the admin's credentials with `inject(...)`.
 */
import type { TestProject } from 'vitest/node';
import { ADMIN, startDashboard, type Dashboard } from '../../bench/harness/dashboard.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    adminToken: string;
    adminName: string;
    adminPassword: string;
    /** the warehouse file the server reads (SPO_DB): copy it to change data, never write to it */
    db: string;
  }
}

let dashboard: Dashboard | null = null;

export async function setup(project: TestProject) {
  const started = Date.now();
  dashboard = await startDashboard({ referrals: 20000, months: 12 });
  project.provide('baseUrl', dashboard.baseUrl);
  project.provide('adminToken', dashboard.adminToken);
  project.provide('adminName', ADMIN.name);
  project.provide('adminPassword', ADMIN.password);
  project.provide('db', dashboard.db);
  console.log(`dashboard at ${dashboard.baseUrl} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

export async function teardown() {
  await dashboard?.stop();
}
