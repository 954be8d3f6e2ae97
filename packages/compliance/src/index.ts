export { runProfile, listProfiles, KUBE_PREFIX, type RunOptions } from './profiles.ts';
export { createContext, socketDocker, NoDockerEngine, type ComplianceContext, type ContextOptions, type DockerApi, type ProcessArgs } from './context.ts';
export { CHECK_STATUSES, summarise, type Bilingual, type CheckResult, type CheckStatus, type ComplianceReport, type Mappings, type ReportGroup } from './model.ts';
export { loadCheckDir, parseCheckFile, DEFAULT_CHECKS_DIR, type CheckDefinition, type CheckFile } from './checks.ts';
export { evaluateChecks } from './engine.ts';
export { loadBenchmark, runKubeBench, DEFAULT_KUBE_BENCH_CFG, type KubeControls } from './kube-bench/run.ts';
export { allProbes } from './probes/registry.ts';
