#!/usr/bin/env python3
"""tools/drain against a stand-in scontrol (tests/support/fake_scontrol):
the reason text and argument lists, operators' drains left alone, the share
cap, dry runs, resume, and bad input; and the Slurm Prolog/Epilog wrapper
(tools/slurm/spinecheck-prolog) with a stand-in spinecheck. The result
documents are built here, shaped like docs/schema.md."""

import json
import os
import subprocess
import sys
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DRAIN = os.path.join(ROOT, "tools", "drain")
FAKE_SCONTROL = os.path.join(ROOT, "tests", "support", "fake_scontrol")
PROLOG = os.path.join(ROOT, "tools", "slurm", "spinecheck-prolog")
EPILOG = os.path.join(ROOT, "tools", "slurm", "spinecheck-epilog")
# A stand-in `spinecheck`: checks the smoke flags the prolog must pass, copies
# FAKE_SMOKE_DOC to the --json path and exits with FAKE_SMOKE_RC.
FAKE_SPINECHECK = """#!/bin/sh
echo "$@" >> "$FAKE_SMOKE_ARGS"
[ "$1 $2 $3 $4 $5" = "smoke --per-node --budget 50s --json" ] || exit 2
[ -n "${FAKE_SMOKE_DOC:-}" ] && cp "$FAKE_SMOKE_DOC" "$6"
[ -n "${FAKE_SMOKE_SLEEP:-}" ] && sleep "$FAKE_SMOKE_SLEEP"
exit "${FAKE_SMOKE_RC:-0}"
"""
HOSTILE = 'it said "no"; echo pwned; $(rm -rf /) `touch CANARY` \'x\''


def finding(host, check="collective.data_integrity", measured=2.0, expected=0.0, unit="wrong elements",
            severity="fail", message=None):
    return {"severity": severity, "check": check,
            "component": {"kind": "host", "id": host, "hosts": [host]},
            "ranks": [1], "measured": measured, "expected": expected, "unit": unit,
            "message": message or f"rank 1 on {host} received {measured} wrong elements",
            "evidence": [], "action": f"drain {host}"}


def document(hosts, findings=(), command="sweep", status=None, state="completed"):
    """A spinecheck.run/1 document over `hosts` whose verdict drains the hosts
    of its `fail` findings, in finding order."""
    drain = []
    for f in findings:
        if f["severity"] == "fail":
            for h in f["component"]["hosts"]:
                if h not in drain:
                    drain.append(h)
    status = status or ("fail" if drain else "pass")
    codes = {"pass": 0, "fail": 1, "error": 3, "timeout": 4, "incomplete": 3}
    return {
        "schema": "spinecheck.run/1",
        "tool": {"name": "spinecheck", "version": "0.1.0"},
        "command": command,
        "argv": ["spinecheck", command],
        "state": state,
        "world": {"size": len(hosts), "host_count": len(hosts),
                  "hosts": [{"host": h, "ranks": [{"rank": i, "local_rank": 0, "pid": 100 + i,
                                                    "devices_visible": 0, "devices": []}]}
                            for i, h in enumerate(hosts)]},
        "results": [],
        "findings": list(findings),
        "verdict": {"status": status, "exit_code": codes[status],
                    "reason": f"{len(drain)} host(s) blamed", "drain": drain},
    }


def cluster(n):
    return [f"node{i:02d}" for i in range(1, n + 1)]


class Fixture(unittest.TestCase):
    """A temporary folder with a stand-in scontrol and 20 idle nodes."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name
        self.log = os.path.join(self.dir, "scontrol.log")
        self.state = os.path.join(self.dir, "nodes.json")
        self.set_nodes({h: {"state": "IDLE", "reason": ""} for h in cluster(20)})

    def tearDown(self):
        self.tmp.cleanup()

    def set_nodes(self, nodes):
        with open(self.state, "w") as f:
            json.dump(nodes, f)

    def nodes(self):
        with open(self.state) as f:
            return json.load(f)

    def write(self, name, doc):
        path = os.path.join(self.dir, name)
        with open(path, "w") as f:
            if isinstance(doc, str):
                f.write(doc)
            else:
                json.dump(doc, f, indent=2)
        return path

    def drain(self, *args, via_path=True, env=None):
        """Runs tools/drain with the stand-in first on PATH (or --scontrol)."""
        bindir = os.path.join(self.dir, "bin")
        os.makedirs(bindir, exist_ok=True)
        link = os.path.join(bindir, "scontrol")
        if not os.path.exists(link):
            os.symlink(FAKE_SCONTROL, link)
        env = dict(os.environ, FAKE_SCONTROL_LOG=self.log, FAKE_SCONTROL_STATE=self.state,
                   PATH=bindir + os.pathsep + os.environ.get("PATH", ""), **(env or {}))
        argv = [sys.executable, DRAIN] + list(args)
        if not via_path:
            argv += ["--scontrol", FAKE_SCONTROL]
        result = subprocess.run(argv, env=env, text=True, capture_output=True, cwd=self.dir, timeout=60)
        return result.returncode, result.stdout, result.stderr

    def calls(self):
        if not os.path.exists(self.log):
            return []
        with open(self.log) as f:
            return [json.loads(line) for line in f]

    def updates(self):
        return [c for c in self.calls() if c[:1] == ["update"]]


class DrainTest(Fixture):
    # --- draining -------------------------------------------------------

    def test_reason_and_argv(self):
        doc = document(cluster(20), [finding("node07"),
                                     finding("node07", "world.arrival", 0.0, 1.0, "arrived")])
        rc, out, err = self.drain(self.write("run.json", doc))
        self.assertEqual(rc, 0, out + err)
        reason = "spinecheck: collective.data_integrity 2 wrong elements vs 0 wrong elements"
        self.assertIn(f'drain: node07 reason="{reason}"', out)
        self.assertEqual(self.calls(), [
            ["show", "node", "-o", "node07"],
            ["update", "NodeName=node07", "State=DRAIN", f"Reason={reason}"]])
        self.assertEqual(self.nodes()["node07"], {"state": "IDLE+DRAIN", "reason": reason})

    def test_worst_finding_gives_the_reason(self):
        doc = document(cluster(20), [
            finding("node03", "links.host_bandwidth", 30.0, 40.0, "GB/s"),
            finding("node03", "links.host_bandwidth", 10.5, 40.0, "GB/s"),
            finding("node03", "collective.latency", 52.0, 50.0, "us")])
        rc, out, err = self.drain(self.write("run.json", doc), via_path=False)
        self.assertEqual(rc, 0, out + err)
        self.assertEqual(self.updates(), [["update", "NodeName=node03", "State=DRAIN",
                                           "Reason=spinecheck: links.host_bandwidth 10.5GB/s vs 40GB/s"]])

    def test_text_values_from_the_evidence(self):
        inventory = finding("node02", "smoke.inventory.cuda_driver", 0.0, 1.0, "CUDA driver")
        inventory["evidence"] = ["measured=12.8", "expected=13.0"]
        rc, out, err = self.drain(self.write("run.json", document(cluster(20), [inventory])))
        self.assertEqual(rc, 0, out + err)
        self.assertEqual(self.updates(), [["update", "NodeName=node02", "State=DRAIN",
                                           "Reason=spinecheck: smoke.inventory.cuda_driver 12.8 vs 13.0"]])

    def test_hostile_text_reaches_scontrol_as_one_argument(self):
        doc = document(cluster(20), [finding("node05", check="burn." + HOSTILE, unit="$(id)",
                                             message=HOSTILE)])
        rc, out, err = self.drain(self.write("run.json", doc))
        self.assertEqual(rc, 0, out + err)
        updates = self.updates()
        self.assertEqual(len(updates), 1)
        self.assertEqual(updates[0][:3], ["update", "NodeName=node05", "State=DRAIN"])
        self.assertEqual(len(updates[0]), 4)
        reason = updates[0][3]
        self.assertEqual(reason, f"Reason=spinecheck: burn.{HOSTILE} 2$(id) vs 0$(id)")
        self.assertFalse(os.path.exists(os.path.join(self.dir, "CANARY")))
        self.assertNotIn("\npwned", "\n" + out)  # `echo pwned` did not run

    def test_long_reason_is_cut(self):
        doc = document(cluster(20), [finding("node04", check="burn." + "x" * 300)])
        rc, out, err = self.drain(self.write("run.json", doc))
        self.assertEqual(rc, 0, out + err)
        reason = self.updates()[0][3][len("Reason="):]
        self.assertEqual(len(reason), 120)
        self.assertTrue(reason.startswith("spinecheck: burn.xxx"))
        self.assertTrue(reason.endswith("..."))

    def test_others_drains_are_left_alone_and_own_kept(self):
        nodes = self.nodes()
        nodes["node03"] = {"state": "IDLE+DRAIN", "reason": "replacing PSU (bob)"}
        nodes["node04"] = {"state": "DOWN*", "reason": "Not responding"}
        nodes["node05"] = {"state": "MIXED+DRAIN", "reason": "spinecheck: burn.gemm.mismatch 12 vs 0"}
        self.set_nodes(nodes)
        doc = document(cluster(20), [finding(h) for h in ("node03", "node04", "node05")])
        rc, out, err = self.drain(self.write("run.json", doc), "--max-share", "0.2")
        self.assertEqual(rc, 0, out + err)
        self.assertIn('skip: node03 drained by someone else (reason "replacing PSU (bob)")', out)
        self.assertIn('skip: node04 drained by someone else (reason "Not responding")', out)
        self.assertIn('keep: node05 already drained by spinecheck (reason "spinecheck: burn.gemm.mismatch 12 vs 0")',
                      out)
        self.assertEqual(self.updates(), [])
        self.assertEqual(self.nodes(), nodes)

    def test_share_cap_refuses_systemic_failures(self):
        doc = document(cluster(20), [finding(h, "links.host_bandwidth", 1.0, 40.0, "GB/s")
                                     for h in cluster(20)[:3]])
        rc, out, err = self.drain(self.write("run.json", doc))
        self.assertEqual(rc, 1, out + err)
        self.assertIn("systemic: 3 of 20 nodes failed (check links.host_bandwidth); not draining — "
                      "suspect a switch, the fabric or the test itself", out)
        self.assertEqual(self.updates(), [])
        # The same run against a larger fleet is within the cap.
        rc, out, err = self.drain(self.write("run.json", doc), "--total-nodes", "30")
        self.assertEqual(rc, 0, out + err)
        self.assertEqual(len(self.updates()), 3)

    def test_share_cap_allows_one_node(self):
        doc = document(cluster(4), [finding("node02")])
        rc, out, err = self.drain(self.write("run.json", doc))
        self.assertEqual(rc, 0, out + err)
        self.assertEqual(len(self.updates()), 1)

    def test_fleet_counts_earlier_spinecheck_drains(self):
        nodes = self.nodes()
        nodes["node01"] = {"state": "IDLE+DRAIN", "reason": "spinecheck: burn.xid 1 vs 0"}
        nodes["node02"] = {"state": "IDLE+DRAIN", "reason": "spinecheck: burn.xid 1 vs 0"}
        self.set_nodes(nodes)
        one = self.write("node03.json", document(["node03"], [finding("node03")], command="smoke"))
        rc, out, err = self.drain(one, "--fleet")
        self.assertEqual(rc, 1, out + err)
        self.assertIn("systemic: 3 of 20 nodes failed, 2 already drained by spinecheck", out)
        self.assertEqual(self.updates(), [])
        rc, out, err = self.drain(one, "--fleet", "--max-share", "0.15")
        self.assertEqual(rc, 0, out + err)
        self.assertIn("drain: node03", out)

    def test_dry_run_changes_nothing(self):
        doc = document(cluster(20), [finding("node07")])
        rc, out, err = self.drain(self.write("run.json", doc), "--dry-run")
        self.assertEqual(rc, 0, out + err)
        self.assertEqual(self.updates(), [])
        self.assertEqual([c[:2] for c in self.calls()], [["show", "node"]])
        self.assertIn("drain: node07 reason=", out)
        self.assertIn('dry-run: ["scontrol", "update", "NodeName=node07", "State=DRAIN", '
                      '"Reason=spinecheck: collective.data_integrity 2 wrong elements vs 0 wrong elements"]', out)
        self.assertEqual(self.nodes()["node07"]["state"], "IDLE")

    def test_failed_update_exits_1(self):
        doc = document(cluster(20), [finding("node07")])
        rc, out, err = self.drain(self.write("run.json", doc), env={"FAKE_SCONTROL_FAIL_UPDATE": "1"})
        self.assertEqual(rc, 1, out + err)
        self.assertIn("error: node07: scontrol update failed: slurm_update error: Access/permission denied", out)

    def test_unknown_node_is_an_error_not_a_drain(self):
        doc = document(cluster(20) + ["ghost"], [finding("ghost")])
        rc, out, err = self.drain(self.write("run.json", doc))
        self.assertEqual(rc, 1, out + err)
        self.assertIn("error: ghost: scontrol show node failed: Node ghost not found", out)
        self.assertEqual(self.updates(), [])

    def test_nothing_to_do(self):
        rc, out, err = self.drain(self.write("run.json", document(cluster(20))))
        self.assertEqual((rc, out), (0, ""), err)
        self.assertEqual(self.calls(), [])

    # --- resume ---------------------------------------------------------

    def test_resume_only_own_drains(self):
        nodes = self.nodes()
        nodes["node02"] = {"state": "IDLE+DRAIN", "reason": "spinecheck: collective.data_integrity 2 vs 0"}
        nodes["node03"] = {"state": "IDLE+DRAIN", "reason": "firmware update"}
        nodes["node04"] = {"state": "IDLE+DRAIN", "reason": "spinecheck: world.arrival 0arrived vs 1arrived"}
        nodes["node05"] = {"state": "IDLE+DRAIN", "reason": "spinecheck: collective.data_integrity 2 vs 0"}
        self.set_nodes(nodes)
        doc = document(cluster(20), [finding("node05")])
        rc, out, err = self.drain(self.write("run.json", doc), "--resume")
        self.assertEqual(rc, 0, out + err)
        self.assertIn("resume: node02", out)
        self.assertIn("resume: node04", out)
        self.assertIn('skip: node03 drained by someone else (reason "firmware update")', out)
        self.assertIn("keep: node05 already drained by spinecheck", out)
        self.assertNotIn("resume: node05", out)
        self.assertEqual(sorted(self.updates()), [["update", "NodeName=node02", "State=RESUME"],
                                                  ["update", "NodeName=node04", "State=RESUME"]])
        self.assertEqual(self.nodes()["node03"], nodes["node03"])

    def test_resume_needs_a_run_of_the_kind_that_blamed(self):
        nodes = self.nodes()
        nodes["node02"] = {"state": "IDLE+DRAIN", "reason": "spinecheck: burn.gemm.mismatch 12 vs 0"}
        self.set_nodes(nodes)
        sweep = self.write("sweep.json", document(cluster(20), command="sweep"))
        rc, out, err = self.drain(sweep, "--resume")
        self.assertEqual(rc, 0, out + err)
        self.assertIn("hold: node02", out)
        self.assertEqual(self.updates(), [])
        burn = self.write("burn.json", document(cluster(20), command="burn"))
        rc, out, err = self.drain(sweep, burn, "--resume")
        self.assertIn("resume: node02", out)

    def test_a_baseline_drain_needs_the_family_that_measured_it(self):
        nodes = self.nodes()
        nodes["node02"] = {"state": "IDLE+DRAIN", "reason": "spinecheck: baseline.burn.value 40TFLOPS vs 50TFLOPS"}
        self.set_nodes(nodes)
        links = self.write("links.json", document(cluster(20), command="links"))
        rc, out, err = self.drain(links, "--resume")
        self.assertEqual(rc, 0, out + err)
        self.assertIn("hold: node02", out)
        self.assertEqual(self.updates(), [])

    def test_a_failure_naming_no_host_clears_nobody(self):
        nodes = self.nodes()
        nodes["node02"] = {"state": "IDLE+DRAIN", "reason": "spinecheck: collective.data_integrity 2 vs 0"}
        self.set_nodes(nodes)
        job = finding("node01", "baseline.collective.busbw", 300.0, 400.0, "GB/s")
        job["component"] = {"kind": "job", "id": "node01,node02", "hosts": []}
        sweep = self.write("sweep.json", document(cluster(20), [job], command="sweep"))
        rc, out, err = self.drain(sweep, "--resume")
        self.assertEqual(self.updates(), [], out + err)
        self.assertNotIn("resume: node02", out)

    def test_unfinished_runs_show_nobody_healthy(self):
        nodes = self.nodes()
        nodes["node02"] = {"state": "IDLE+DRAIN", "reason": "spinecheck: world.arrival 0 vs 1"}
        self.set_nodes(nodes)
        for status, state in (("incomplete", "running"), ("timeout", "timeout"), ("error", "error")):
            doc = document(cluster(20), status=status, state=state)
            rc, out, err = self.drain(self.write("run.json", doc), "--resume")
            self.assertEqual(rc, 0, out + err)
            self.assertEqual(self.updates(), [], status)

    def test_hosts_with_error_findings_are_not_resumed(self):
        nodes = self.nodes()
        nodes["node02"] = {"state": "IDLE+DRAIN", "reason": "spinecheck: world.arrival 0 vs 1"}
        self.set_nodes(nodes)
        doc = document(cluster(20), [finding("node02", "burn.gemm.error", severity="error")], status="pass")
        rc, out, err = self.drain(self.write("run.json", doc), "--resume")
        self.assertEqual(rc, 0, out + err)
        self.assertEqual(self.updates(), [])

    def test_resume_dry_run(self):
        nodes = self.nodes()
        nodes["node02"] = {"state": "IDLE+DRAIN", "reason": "spinecheck: world.arrival 0 vs 1"}
        self.set_nodes(nodes)
        rc, out, err = self.drain(self.write("run.json", document(cluster(20))), "--resume", "--dry-run")
        self.assertEqual(rc, 0, out + err)
        self.assertIn('dry-run: ["scontrol", "update", "NodeName=node02", "State=RESUME"]', out)
        self.assertEqual(self.updates(), [])

    def test_systemic_run_resumes_nobody(self):
        nodes = self.nodes()
        nodes["node20"] = {"state": "IDLE+DRAIN", "reason": "spinecheck: world.arrival 0 vs 1"}
        self.set_nodes(nodes)
        doc = document(cluster(20), [finding(h) for h in cluster(5)])
        rc, out, err = self.drain(self.write("run.json", doc), "--resume")
        self.assertEqual(rc, 1, out + err)
        self.assertEqual(self.updates(), [])

    # --- bad input ------------------------------------------------------

    def test_bad_documents_exit_2_naming_the_file(self):
        good = self.write("good.json", document(cluster(20), [finding("node07")]))
        cases = {
            "garbage.json": "{not json",
            "foreign.json": {"schema": "nccl-tests/1", "verdict": {"drain": ["node01"]}},
            "future.json": dict(document(cluster(2)), schema="spinecheck.run/2"),
            "array.json": [],
            "nodrain.json": dict(document(cluster(2)), verdict={"status": "fail"}),
            "badhosts.json": dict(document(cluster(2)), world={"hosts": [{"ranks": []}]}),
            "badfindings.json": dict(document(cluster(2)), findings="none"),
        }
        for name, content in cases.items():
            path = self.write(name, content)
            rc, out, err = self.drain(good, path)
            self.assertEqual(rc, 2, f"{name}: {out}{err}")
            self.assertIn(path, err, name)
            self.assertEqual(self.calls(), [], name)
        rc, out, err = self.drain(os.path.join(self.dir, "missing.json"))
        self.assertEqual(rc, 2)
        self.assertIn("missing.json: cannot read", err)
        foreign = self.write("foreign.json", {"schema": "nccl-tests/1"})
        rc, out, err = self.drain(foreign)
        self.assertIn('schema is "nccl-tests/1", expected "spinecheck.run/1"', err)

    def test_usage_errors_exit_2(self):
        good = self.write("good.json", document(cluster(20)))
        for args in ([], [good, "--max-share", "2"], [good, "--total-nodes", "0"],
                     [good, "--fleet", "--total-nodes", "3"], [good, "--bogus"]):
            rc, out, err = self.drain(*args)
            self.assertEqual(rc, 2, args)


class PrologTest(Fixture):
    """tools/slurm/spinecheck-prolog and -epilog: exit codes and drains."""

    def hook(self, script, smoke_rc, doc=None, env=None):
        fake = os.path.join(self.dir, "spinecheck")
        with open(fake, "w") as f:
            f.write(FAKE_SPINECHECK)
        os.chmod(fake, 0o755)
        bindir = os.path.join(self.dir, "bin")
        os.makedirs(bindir, exist_ok=True)
        if not os.path.exists(os.path.join(bindir, "scontrol")):
            os.symlink(FAKE_SCONTROL, os.path.join(bindir, "scontrol"))
        full = dict(os.environ, FAKE_SCONTROL_LOG=self.log, FAKE_SCONTROL_STATE=self.state,
                    FAKE_SMOKE_RC=str(smoke_rc), FAKE_SMOKE_ARGS=os.path.join(self.dir, "smoke.args"),
                    SPINECHECK_CONFIG=os.path.join(self.dir, "no-config"), SPINECHECK_BIN=fake,
                    SPINECHECK_STATE_DIR=os.path.join(self.dir, "state"),
                    SPINECHECK_SCONTROL=os.path.join(bindir, "scontrol"),
                    SLURM_JOB_ID="4242", SLURMD_NODENAME="node07", **(env or {}))
        if doc is not None:
            full["FAKE_SMOKE_DOC"] = self.write("smoke.json", doc)
        result = subprocess.run([script], env=full, text=True, capture_output=True, timeout=120)
        return result.returncode, result.stdout, result.stderr

    def smoke_doc(self, blamed=True):
        return document(["node07"], [finding("node07", "burn.gemm.mismatch", 12.0, 0.0, "elements")]
                        if blamed else [], command="smoke")

    def test_pass_starts_the_job(self):
        rc, out, err = self.hook(PROLOG, 0, self.smoke_doc(blamed=False))
        self.assertEqual(rc, 0, err)
        self.assertEqual(out, "")
        self.assertEqual(self.calls(), [])
        with open(os.path.join(self.dir, "smoke.args")) as f:
            self.assertEqual(f.read().split(), ["smoke", "--per-node", "--budget", "50s", "--json",
                                                os.path.join(self.dir, "state", "4242-node07.json")])

    def test_blamed_node_is_drained_and_the_job_requeued(self):
        rc, out, err = self.hook(PROLOG, 1, self.smoke_doc())
        self.assertEqual(rc, 1, err)
        self.assertEqual(out, "")
        self.assertIn("drain: node07", err)
        self.assertEqual(self.nodes()["node07"], {"state": "IDLE+DRAIN",
                                                 "reason": "spinecheck: burn.gemm.mismatch 12 elements vs 0 elements"})

    def test_epilog_drains_and_exits_0(self):
        rc, out, err = self.hook(EPILOG, 1, self.smoke_doc())
        self.assertEqual(rc, 0, err)
        self.assertIn("spinecheck-epilog: job 4242 on node07: drain: node07", err)
        self.assertEqual(self.nodes()["node07"]["state"], "IDLE+DRAIN")

    def test_systemic_refusal_lets_the_job_run(self):
        nodes = self.nodes()
        for h in ("node01", "node02"):
            nodes[h] = {"state": "IDLE+DRAIN", "reason": "spinecheck: burn.xid 1 vs 0"}
        self.set_nodes(nodes)
        rc, out, err = self.hook(PROLOG, 1, self.smoke_doc())
        self.assertEqual(rc, 0, err)
        self.assertIn("systemic: 3 of 20 nodes failed", err)
        self.assertEqual(self.updates(), [])

    def test_failed_drain_leaves_it_to_slurm(self):
        for script in (PROLOG, EPILOG):
            rc, out, err = self.hook(script, 1, self.smoke_doc(), env={"FAKE_SCONTROL_FAIL_UPDATE": "1"})
            self.assertEqual(rc, 1, err)
            self.assertIn("leaving the drain to Slurm", err)

    def test_untested_node_runs_unless_configured(self):
        for smoke_rc in (2, 3, 4):
            rc, out, err = self.hook(PROLOG, smoke_rc)
            self.assertEqual(rc, 0, err)
            self.assertIn("not tested", err)
            rc, out, err = self.hook(PROLOG, smoke_rc, env={"SPINECHECK_ON_UNTESTED": "fail"})
            self.assertEqual(rc, 1, err)
        self.assertEqual(self.calls(), [])


if __name__ == "__main__":
    unittest.main(verbosity=2)
