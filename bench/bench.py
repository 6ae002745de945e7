#!/usr/bin/env python3
"""Lifeboat against its peer on the same data in the same run: alternating rounds, medians, ratios.

The peer is restic 0.14 for the repository scenarios, pg_dump / pg_restore for the PostgreSQL ones, and
Lifeboat's own restore for the drill.

Usage: bench/bench.py [--quick] [--rounds N] [--scenarios a,b,...] [--no-build] [--keep] ...
See bench/README.md for what each scenario measures and how to read the output.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import math
import os
import platform
import pwd
import random
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DLL = ROOT / "artifacts" / "lifeboat" / "lifeboat.dll"  # what ./lifeboat runs
RUNTIME_STATS_DLL = ROOT / "artifacts" / "bin" / "RuntimeStats" / "release" / "Lifeboat.Bench.RuntimeStats.dll"
RESULTS_DIR = ROOT / "bench" / "results"
TOOLS = ("lifeboat", "restic")
PASSWORD = "lifeboat-bench"
PG_DATABASE = "pgbench"  # the database pgbench -i fills
PG_SERVICE = "pgbench"  # the manifest's service holding it
MB = 1_000_000
MIB = 1 << 20


# ----------------------------------------------------------------------------------------------
# Measuring one command


@dataclass
class Run:
    """One timed command: wall and CPU seconds, peak RSS, the load average when it started."""

    tool: str
    round: int
    wall: float
    user: float
    sys: float
    rss_kb: int
    load1: float
    sched_run: float = 0.0
    sched_wait: float = 0.0
    repo_bytes: int | None = None
    extra: dict = field(default_factory=dict)

    @property
    def cpu(self) -> float:
        return self.user + self.sys

    @property
    def busy_threads(self) -> float | None:
        """Threads on a CPU or ready for one, on average: (run + run-queue wait) / wall.

        Largely independent of the machine's load: a pipeline that keeps two cores busy shows about 2
        however much of them it actually gets; below 1 it waits for something else (I/O, a lock, a
        serial step). Spinning threads (the .NET thread pool spins before it sleeps) count as busy.
        """
        return (self.sched_run + self.sched_wait) / self.wall if self.sched_run else None

    def to_json(self) -> dict:
        d = {
            "tool": self.tool, "round": self.round, "wall_s": round(self.wall, 3),
            "user_s": self.user, "sys_s": self.sys, "cpu_s": round(self.cpu, 2),
            "peak_rss_kb": self.rss_kb, "load1": self.load1,
            "sched_run_s": round(self.sched_run, 3), "sched_wait_s": round(self.sched_wait, 3),
        }
        if self.repo_bytes is not None:
            d["repo_bytes"] = self.repo_bytes
        d.update(self.extra)
        return d


def load1() -> float:
    return float(Path("/proc/loadavg").read_text().split()[0])


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


class CommandFailed(RuntimeError):
    pass


class Skipped(Exception):
    """A scenario cannot run on this machine (PostgreSQL missing): reported, the others go on."""


class Bench:
    def __init__(self, args: argparse.Namespace, work: Path):
        self.args = args
        self.work = work
        self.dll = Path(args.lifeboat_dll)
        self.restic = args.restic
        self.env = {k: v for k, v in os.environ.items()
                    if not k.startswith(("RESTIC_", "LIFEBOAT_"))}
        self.env.update({
            "LIFEBOAT_PASSWORD": PASSWORD, "RESTIC_PASSWORD": PASSWORD,
            "DOTNET_CLI_TELEMETRY_OPTOUT": "1", "DOTNET_NOLOGO": "1", "NO_COLOR": "1",
        })
        for assignment in args.lifeboat_env:  # DOTNET_* settings reach only the dotnet process
            name, _, value = assignment.partition("=")
            self.env[name] = value
        self.stats_file = work / "runtime-stats.jsonl"
        if args.runtime_stats:
            self.env["DOTNET_STARTUP_HOOKS"] = str(RUNTIME_STATS_DLL)
            self.env["LIFEBOAT_BENCH_RUNTIME_STATS"] = str(self.stats_file)
        self.fixtures: dict[str, object] = {}
        self.cleanups: list = []  # run in reverse order at the end, also on failure (stop PostgreSQL)
        self.summaries: dict = {}  # of the scenarios run so far (drill compares with pg-restore)
        self.seq = 0

    # The two tools' command lines. Both get the repository with -r and print JSON. restic keeps its
    # cache (as it does by default) in a directory of its own per repository, removed with it.
    def command(self, tool: str, repo: Path, verb: str, *args: str) -> list[str]:
        if tool == "lifeboat":
            return ["dotnet", str(self.dll), "repo", verb, "-r", str(repo), *args]
        quiet = ["-q"] if verb in ("backup", "restore") else []
        return [self.restic, "-r", str(repo), "--cache-dir", str(self.cache_dir(repo)), verb, *quiet, *args]

    def cache_dir(self, repo: Path) -> Path:
        return self.work / "restic-cache" / repo.name

    def run(self, argv: list[str], timed: bool = True, env: dict | None = None,
            discard_stdout: bool = False) -> tuple[Run | None, str]:
        """Runs argv; when timed, under /usr/bin/time. Raises CommandFailed on a non-zero exit.

        env replaces the harness's environment (the PostgreSQL client programs get PG* variables that
        Lifeboat's runs do not see); discard_stdout sends standard output to /dev/null (pg_dump).
        """
        self.seq += 1
        out = self.work / f"cmd-{self.seq}.out"
        err = self.work / f"cmd-{self.seq}.err"
        timefile = self.work / f"cmd-{self.seq}.time"
        full = (["/usr/bin/time", "-f", "%e %U %S %M", "-o", str(timefile)] if timed else []) + argv
        if timed:
            subprocess.run(["sync"], check=False)  # earlier runs' dirty pages are not this run's cost
        started_load = load1()
        sched: dict[int, tuple[int, int]] = {}
        t0 = time.monotonic()
        with open(os.devnull if discard_stdout else out, "wb") as o, open(err, "wb") as e:
            process = subprocess.Popen(full, stdout=o, stderr=e, env=env or self.env, cwd=self.work)
            while process.poll() is None:
                if timed:
                    sample_schedstat(process.pid, sched)
                time.sleep(0.02)
            rc = process.returncode
        wall = time.monotonic() - t0
        stdout = "" if discard_stdout else out.read_text(errors="replace")
        if rc != 0:
            raise CommandFailed(f"exit {rc}: {' '.join(argv)}\n{err.read_text(errors='replace')[-3000:]}")
        run = None
        if timed:
            # time -o may append "Command exited with non-zero status"; the figures are the last line.
            _, user, system, rss = timefile.read_text().strip().splitlines()[-1].split()
            run = Run("", 0, wall, float(user), float(system), int(rss), started_load,
                      sched_run=sum(r for r, _ in sched.values()) / 1e9,
                      sched_wait=sum(w for _, w in sched.values()) / 1e9)
        for f in (out, err, timefile):
            f.unlink(missing_ok=True)
        return run, stdout

    def timed(self, tool: str, rnd: int, argv: list[str], env: dict | None = None,
              discard_stdout: bool = False) -> tuple[Run, str]:
        self.stats_file.unlink(missing_ok=True)
        run, stdout = self.run(argv, env=env, discard_stdout=discard_stdout)
        assert run is not None
        run.tool, run.round = tool, rnd
        if tool == "lifeboat" and self.stats_file.exists():
            run.extra["runtime"] = json.loads(self.stats_file.read_text().splitlines()[-1])
        busy = f"{run.busy_threads:4.2f}" if run.busy_threads is not None else "   –"
        self.log(f"    {tool:8} round {rnd}: {run.wall:7.2f} s wall, {run.cpu:7.2f} s CPU, "
                 f"{run.rss_kb / 1024:6.0f} MiB RSS, {busy} busy threads, load {run.load1:.1f}")
        return run, stdout

    def log(self, message: str) -> None:
        print(message, flush=True)

    # ------------------------------------------------------------------------------------------
    # Repositories and data

    def init_repo(self, tool: str, repo: Path) -> None:
        if tool == "lifeboat":
            self.run(self.command(tool, repo, "init"), timed=False)
        else:
            self.run([self.restic, "-r", str(repo), "init"], timed=False)

    def template(self) -> Path:
        """One empty repository made by `restic init`, copied for every fresh repository.

        restic calibrates scrypt's parameters when it creates a key (p came out anywhere from 2 to 6 on
        a loaded 2-core machine), and every repository gets its own chunker polynomial: copies of one
        template give both tools the same key derivation cost and the same chunk boundaries, so the
        ratios compare the engines. --own-init makes each tool create its own repositories instead.
        """
        return self.initialised_once("restic", "template", "template repository (restic init)")

    def initialised_once(self, tool: str, name: str, label: str) -> Path:
        """An empty repository `tool` initialised under work/name, made on first use and logged."""
        if name not in self.fixtures:
            repo = self.work / name
            self.init_repo(tool, repo)
            self.fixtures[name] = repo
            self.log(f"  {label}: {self.kdf_params(repo)}")
        return self.fixtures[name]  # type: ignore[return-value]

    def new_repo(self, tool: str, repo: Path) -> None:
        if self.args.own_init:
            self.init_repo(tool, repo)
        else:
            shutil.copytree(self.template(), repo)

    def kdf_params(self, repo: Path) -> str:
        key = json.loads(next((repo / "keys").iterdir()).read_text())
        return f"N={key['N']} r={key['r']} p={key['p']}"

    def remove(self, path: Path) -> None:
        shutil.rmtree(path, ignore_errors=True)
        shutil.rmtree(self.cache_dir(path), ignore_errors=True)

    def order(self, rnd: int, peer: str = "restic") -> tuple[str, str]:
        """Round 1: Lifeboat first, round 2: the peer first, and so on."""
        return ("lifeboat", peer) if rnd % 2 == 1 else (peer, "lifeboat")

    def corpus(self) -> Path:
        return Path(self.args.corpus)

    def warm(self, path: Path) -> None:
        """Reads every file under path once so that the runs start from a warm page cache."""
        t0 = time.monotonic()
        n = 0
        for f in iter_files(path):
            try:
                with open(f, "rb", buffering=0) as h:
                    while chunk := h.read(MIB):
                        n += len(chunk)
            except OSError:
                pass
        self.log(f"  warm-up read of {path}: {n / MB:.0f} MB in {time.monotonic() - t0:.1f} s")

    def summary_line(self, stdout: str) -> dict:
        for line in reversed(stdout.splitlines()):
            line = line.strip()
            if line.startswith("{"):
                try:
                    d = json.loads(line)
                except json.JSONDecodeError:
                    continue
                if d.get("message_type") == "summary":
                    return d
        return {}

    def backup(self, tool: str, rnd: int, repo: Path, source: Path) -> Run:
        run, stdout = self.timed(tool, rnd, self.command(tool, repo, "backup", "--json", str(source)))
        s = self.summary_line(stdout)
        run.extra.update({k: s[k] for k in ("files_new", "files_unmodified", "data_added", "snapshot_id") if k in s})
        return run

    def fresh_backup(self, tool: str, rnd: int, name: str, source: Path, keep: bool) -> Run:
        repo = self.work / f"{name}-{tool}-{rnd}"
        self.new_repo(tool, repo)
        run = self.backup(tool, rnd, repo, source)
        run.repo_bytes = tree_bytes(repo)
        run.extra["kdf"] = self.kdf_params(repo)
        if keep:
            self.fixtures[f"{name}:{tool}"] = (repo, run.extra.get("snapshot_id"))
        else:
            self.remove(repo)
        return run

    def verify_with_restic(self, repo: Path) -> None:
        if self.args.no_verify:
            return
        self.run([self.restic, "-r", str(repo), "--no-cache", "check"], timed=False)
        self.log(f"  restic check of {repo.name}: no errors")

    def sdk_repo(self, tool: str) -> tuple[Path, str]:
        """A repository holding one backup of the corpus by tool (from backup-full, else made now)."""
        key = f"backup-full:{tool}"
        if key not in self.fixtures:
            self.log(f"  preparing a {tool} repository with a backup of the corpus (not timed)")
            repo = self.work / f"sdk-{tool}"
            self.new_repo(tool, repo)
            _, stdout = self.run(self.command(tool, repo, "backup", "--json", str(self.corpus())), timed=False)
            self.fixtures[key] = (repo, self.summary_line(stdout).get("snapshot_id"))
        return self.fixtures[key]  # type: ignore[return-value]

    def big_file(self) -> Path:
        if "bigfile" not in self.fixtures:
            directory = self.work / "bigfile"
            directory.mkdir()
            size = self.args.bigfile_mb * MIB
            t0 = time.monotonic()
            generate_big_file(directory / "big.bin", size)
            self.log(f"  generated {size / MB:.0f} MB file in {time.monotonic() - t0:.1f} s")
            self.fixtures["bigfile"] = directory
        return self.fixtures["bigfile"]  # type: ignore[return-value]

    def small_files(self) -> Path:
        if "smallfiles" not in self.fixtures:
            directory = self.work / "smallfiles"
            t0 = time.monotonic()
            total = generate_small_files(directory, self.args.smallfiles)
            self.log(f"  generated {self.args.smallfiles} files, {total / MB:.0f} MB, in {time.monotonic() - t0:.1f} s")
            self.fixtures["smallfiles"] = directory
        return self.fixtures["smallfiles"]  # type: ignore[return-value]

    # ------------------------------------------------------------------------------------------
    # Lifeboat's service commands and the PostgreSQL fixture

    def lifeboat(self, *args: str) -> list[str]:
        return ["dotnet", str(self.dll), *args]

    def password_file(self) -> Path:
        path = self.work / "repository-password"
        if not path.exists():
            path.write_text(PASSWORD + "\n")
            path.chmod(0o600)
        return path

    def lifeboat_template(self) -> Path:
        """One empty repository made by `lifeboat repo init`, copied for the service scenarios' repositories.

        The PostgreSQL scenarios have no restic in them: their repositories are what a Lifeboat user
        has, with Lifeboat's own key (its scrypt parameters) rather than restic's calibration.
        """
        return self.initialised_once("lifeboat", "lifeboat-template", "service repository template (lifeboat repo init)")

    def pg(self) -> PgCluster:
        """The throwaway cluster with the pgbench database (pgbench -i -s --pg-scale), made once."""
        if "pg" not in self.fixtures:
            bin_dir = postgres_bin_dir(self.args.pg_bin)
            if bin_dir is None or not all((bin_dir / t).exists() for t in ("pgbench", "pg_dump", "pg_restore", "psql")):
                raise Skipped("no PostgreSQL server and client programs (initdb, postgres, pgbench, pg_dump, "
                              "pg_restore, psql): install 'postgresql' or give --pg-bin")
            cluster = PgCluster(bin_dir, self.args.workdir, self.log)
            self.cleanups.append(cluster.stop)
            cluster.start()
            cluster.psql("postgres", f"CREATE DATABASE {PG_DATABASE}")
            t0 = time.monotonic()
            self.run([cluster.tool("pgbench"), "-i", "-q", "-s", str(self.args.pg_scale), PG_DATABASE],
                     timed=False, env=self.pg_env(cluster))
            cluster.checkpoint()
            size = cluster.database_size(PG_DATABASE)
            self.fixtures["pg:rows"] = int(cluster.psql(PG_DATABASE, "SELECT count(*) FROM pgbench_accounts"))
            self.fixtures["pg:size"] = size
            self.log(f"  pgbench -i -s {self.args.pg_scale}: {self.fixtures['pg:rows']:,} accounts, database "
                     f"{size / MB:.0f} MB, in {time.monotonic() - t0:.1f} s")
            self.fixtures["pg"] = cluster
        return self.fixtures["pg"]  # type: ignore[return-value]

    def pg_env(self, cluster: PgCluster) -> dict:
        return cluster.env(self.env)

    def pg_manifest(self, repo: Path) -> Path:
        """A manifest with one service, PG_SERVICE: the pgbench database as a postgres source (custom
        format, the default), two verify checks for drills, the repository at repo."""
        cluster = self.pg()
        dbpass = self.work / "db-password"
        if not dbpass.exists():
            dbpass.write_text(cluster.password + "\n")
            dbpass.chmod(0o600)
        path = self.work / f"{repo.name}.yaml"
        path.write_text(f"""version: 1
repositories:
  bench:
    url: {repo}
    password_file: {self.password_file()}
services:
  {PG_SERVICE}:
    rto: 30m
    sources:
      db:
        type: postgres
        url: postgres://{cluster.USER}@127.0.0.1:{cluster.port}/{PG_DATABASE}
        password_file: {dbpass}
        bin_dir: {cluster.bin}
    verify:
      - name: accounts
        type: sql
        source: db
        query: "SELECT count(*) FROM pgbench_accounts"
        expect_min: {self.fixtures['pg:rows']}
      - name: tables
        type: sql
        source: db
        tables: [pgbench_accounts, pgbench_branches, pgbench_tellers, pgbench_history]
""")
        return path

    def pg_backup_repo(self) -> tuple[Path, Path, str, Path]:
        """A repository with one `lifeboat backup` of the database and, at the same database state, a
        `pg_dump -Fc -Z0` file: what pg-restore and drill restore. Made once, not timed."""
        if "pg:restore" not in self.fixtures:
            cluster = self.pg()
            repo = self.work / "pg-restore-repo"
            shutil.copytree(self.lifeboat_template(), repo)
            manifest = self.pg_manifest(repo)
            _, stdout = self.run(self.lifeboat("backup", PG_SERVICE, "--json", "-c", str(manifest)), timed=False)
            snapshot = json_doc(stdout)[0]["snapshot_id"]
            dump = self.work / "pgbench.dump"
            self.run(self.pg_dump_argv(cluster, "-f", str(dump)), timed=False, env=self.pg_env(cluster))
            self.log(f"  lifeboat backup {PG_SERVICE} (snapshot {snapshot[:8]}) and pg_dump -Fc -Z0 to a file "
                     f"({dump.stat().st_size / MB:.0f} MB), not timed")
            self.fixtures["pg:restore"] = (repo, manifest, snapshot, dump)
        return self.fixtures["pg:restore"]  # type: ignore[return-value]

    def pg_restore_peer(self, rnd: int, dump: Path, database: str) -> Run:
        """The peer of a restore: CREATE DATABASE (not timed, its time kept in extra) then, timed,
        `pg_restore -d <database> <file>`."""
        cluster = self.pg()
        t0 = time.monotonic()
        cluster.psql("postgres", f'CREATE DATABASE "{database}"')
        created = time.monotonic() - t0
        cluster.checkpoint()
        run, _ = self.timed("pg_restore", rnd, [cluster.tool("pg_restore"), "-d", database, str(dump)],
                            env=self.pg_env(cluster))
        run.extra["createdb_s"] = round(created, 3)
        return run

    def check_restored(self, database: str) -> int:
        rows = int(self.pg().psql(database, "SELECT count(*) FROM pgbench_accounts"))
        if rows != self.fixtures["pg:rows"]:
            self.log(f"    WARNING: {database} has {rows} accounts, the source {self.fixtures['pg:rows']}")
        return rows

    def pg_dump_argv(self, cluster: PgCluster, *output: str) -> list[str]:
        """pg_dump as Lifeboat's postgres source runs it (src/Lifeboat.Sources/PostgreSql/PostgreSqlSource.cs:
        custom format, --compress=0, the manifest's default), to standard output unless output says -f."""
        return [cluster.tool("pg_dump"), "--format=custom", "--compress=0", "--no-password",
                f"--dbname={PG_DATABASE}", *output]

    def pg_dump_size(self, cluster: PgCluster) -> int:
        """Bytes of a pg_dump in Lifeboat's format of the database as it is now (not timed)."""
        dump = self.work / "size.dump"
        self.run(self.pg_dump_argv(cluster, "-f", str(dump)), timed=False, env=self.pg_env(cluster))
        size = dump.stat().st_size
        dump.unlink()
        return size

    def service_repo(self, name: str) -> tuple[Path, Path]:
        """A fresh copy of the Lifeboat template repository and a manifest for the pgbench service in it."""
        repo = self.work / name
        shutil.copytree(self.lifeboat_template(), repo)
        return repo, self.pg_manifest(repo)

    def snapshot_summary(self, repo: Path, snapshot: str) -> dict:
        """The summary a Lifeboat snapshot records (restic 0.17's fields: data_added is plaintext,
        data_added_packed what the packs grew by). restic 0.14's `cat` drops fields it does not know."""
        _, out = self.run(self.command("lifeboat", repo, "cat", "snapshot", snapshot), timed=False)
        return json_doc(out).get("summary", {})

    # ------------------------------------------------------------------------------------------
    # The prune and check-read-data fixture: a repository of many snapshots of a changing corpus

    def copy_repo(self, source: Path, target: Path) -> None:
        """cp -a of a repository, and of restic's cache of it (restic's steady state: a warm cache)."""
        self.run(["cp", "-a", str(source), str(target)], timed=False)
        cache = self.cache_dir(source)
        if cache.exists():
            self.cache_dir(target).parent.mkdir(parents=True, exist_ok=True)
            self.run(["cp", "-a", str(cache), str(self.cache_dir(target))], timed=False)

    def snapshot_count(self, repo: Path) -> int:
        _, out = self.run([self.restic, "-r", str(repo), "--no-cache", "snapshots", "--json"], timed=False)
        return len(json.loads(out or "[]"))

    def prune_repos(self) -> dict:
        """Made once, not timed: restic 0.14 backs up a ChangingCorpus (--prune-mb) --prune-snapshots
        times into a copy of the template, step() between snapshots ("full"); a copy of it then has
        every other snapshot forgotten with `restic forget <ids>` ("forgotten", the oldest first, so the
        newest stays). Neither tool wrote the data it is measured on."""
        if "prune" not in self.fixtures:
            count = self.args.prune_snapshots
            root = self.work / "changing"
            corpus = ChangingCorpus(root, self.args.prune_mb * MB)
            full = self.work / "prune-full"
            shutil.copytree(self.template(), full)
            t0 = time.monotonic()
            corpus.initial()
            ids, added = [], 0
            for i in range(count):
                if i:
                    corpus.step()
                _, out = self.run(self.command("restic", full, "backup", "--json", str(root)), timed=False)
                summary = self.summary_line(out)
                ids.append(summary["snapshot_id"])
                added += summary.get("data_added", 0)
            files, size = tree_census(root)
            shutil.rmtree(root)
            self.log(f"  {count} restic snapshots of a changing corpus ({self.args.prune_mb} MB at the start, "
                     f"{files} files / {size / MB:.0f} MB at the end, {added / MB:.0f} MB of data added), "
                     f"repository {tree_bytes(full) / MB:.0f} MB, in {time.monotonic() - t0:.0f} s")
            forgotten = self.work / "prune-forgotten"
            self.copy_repo(full, forgotten)
            dropped = ids[0::2]
            self.run(self.command("restic", forgotten, "forget", *dropped), timed=False)
            self.log(f"  restic forget of {len(dropped)} of them (every other, the oldest first): "
                     f"{self.snapshot_count(forgotten)} left")
            self.fixtures["prune"] = {"full": full, "forgotten": forgotten, "snapshots": count,
                                      "forgotten_ids": dropped, "kept": count - len(dropped),
                                      "corpus_end_files_bytes": [files, size], "data_added": added,
                                      "full_bytes": tree_bytes(full), "forgotten_bytes": tree_bytes(forgotten)}
        return self.fixtures["prune"]  # type: ignore[return-value]


def sample_schedstat(time_pid: int, sched: dict[int, tuple[int, int]]) -> None:
    """Records run and run-queue wait nanoseconds of every thread of the command /usr/bin/time runs.

    /proc/<tid>/schedstat holds cumulative figures; the last sample of each thread is kept, so a thread
    that ends between two samples (every 20 ms) loses at most that much.
    """
    try:
        children = Path(f"/proc/{time_pid}/task/{time_pid}/children").read_text().split()
    except OSError:
        return
    for child in children:
        try:
            tids = os.listdir(f"/proc/{child}/task")
        except OSError:
            continue
        for tid in tids:
            try:
                run, wait, _ = Path(f"/proc/{child}/task/{tid}/schedstat").read_text().split()
            except (OSError, ValueError):
                continue
            sched[int(tid)] = (int(run), int(wait))


def iter_files(path: Path):
    if path.is_file():
        yield path
        return
    for dirpath, _, files in os.walk(path):
        for name in files:
            p = Path(dirpath, name)
            if not p.is_symlink():
                yield p


def tree_bytes(path: Path) -> int:
    """Apparent size of every file below path (du -sb without directories)."""
    return sum(p.lstat().st_size for p in iter_files(path))


def tree_census(path: Path) -> tuple[int, int]:
    files = total = 0
    for dirpath, _, names in os.walk(path):
        for name in names:
            st = os.lstat(os.path.join(dirpath, name))
            files += 1
            total += st.st_size
    return files, total


def json_doc(stdout: str):
    """The JSON document a Lifeboat service command prints with --json (log lines go to stderr; any
    text before the document is skipped)."""
    text = stdout.strip()
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        pass
    decoder = json.JSONDecoder()
    for i, c in enumerate(text):
        if c in "[{":
            try:
                return decoder.raw_decode(text[i:])[0]
            except json.JSONDecodeError:
                continue
    raise CommandFailed(f"no JSON document in the output: {text[:500]!r}")


# ----------------------------------------------------------------------------------------------
# Generated data: deterministic, unique (no deduplication inside), partly compressible.

TEXT16 = bytes.maketrans(bytes(range(256)), bytes(b"etaoinshrdlu \n,."[i % 16] for i in range(256)))


def log_block(rng: random.Random, size: int) -> bytes:
    k = rng.randrange(1 << 40)
    parts, n = [], 0
    while n < size:
        s = (f"2026-11-23T{k % 24:02}:{k % 60:02}:{k * 7 % 60:02}.{k % 1000:03}Z web-{k % 7} "
             f"api[{1000 + k % 97}]: GET /v1/items/{k * 31 % 100003} status={200 if k % 13 else 500} "
             f"bytes={k * 17 % 65536} took={k % 997}ms req={k:x}\n")
        parts.append(s)
        n += len(s)
        k += 1
    return "".join(parts).encode()[:size]


def mixed_block(rng: random.Random, size: int) -> bytes:
    """35% random bytes, 40% 4-bit 'text', 25% log lines (zstd keeps about 60% overall)."""
    kind = rng.random()
    if kind < 0.35:
        return rng.randbytes(size)
    if kind < 0.75:
        return rng.randbytes(size).translate(TEXT16)
    return log_block(rng, size)


def generate_big_file(path: Path, size: int, seed: int = 20261123) -> None:
    rng = random.Random(seed)
    with open(path, "wb") as f:
        written = 0
        while written < size:
            n = min(MIB, size - written)
            f.write(mixed_block(rng, n))
            written += n


def generate_small_files(root: Path, count: int, seed: int = 4477) -> int:
    """count files of 1-8 KiB, 100 per directory, in two levels of directories."""
    rng = random.Random(seed)
    pool = b"".join(mixed_block(rng, 256 * 1024) for _ in range(64))  # 16 MiB to slice from
    total = 0
    for i in range(count):
        d = root / f"d{i // 10000:03}" / f"e{i // 100 % 100:02}"
        if i % 100 == 0:
            d.mkdir(parents=True, exist_ok=True)
        size = rng.randint(1024, 8192)
        header = f"file {i} of {count}\n".encode()
        start = rng.randrange(len(pool) - size)
        data = (header + pool[start:start + size])[:size]
        with open(d / f"f{i:06}.dat", "wb") as f:
            f.write(data)
        total += size
    return total


# ----------------------------------------------------------------------------------------------
# A changing corpus for the prune scenario: files added, modified and deleted between snapshots.


class ChangingCorpus:
    """A generated tree that changes like a service's data between daily backups.

    About 95% "cold" files (1 KiB to 2 MiB, log-uniform) and 5% in four "hot" files (a database or a log
    rewritten every day). Each step() deletes 2% of the cold files, inserts 16-64 KiB of new content
    into another 2% (shifting the rest: content-defined chunking finds the old chunks again), adds new
    files for 2% of the size, and rewrites the hot files. Content is mixed_block's (random bytes, 4-bit
    text, log lines), unique, deterministic for a seed. Data only some snapshots reference is what
    prune removes once those snapshots are forgotten: the hot files' old versions above all.
    """

    HOT_FILES = 4

    def __init__(self, root: Path, size: int, seed: int = 5005):
        self.root = root
        self.size = size
        self.rng = random.Random(seed)
        self.cold: list[str] = []
        self.serial = 0

    def content(self, size: int) -> bytes:
        parts, n = [], 0
        while n < size:
            k = min(256 * 1024, size - n)
            parts.append(mixed_block(self.rng, k))
            n += k
        return b"".join(parts)

    def write(self, rel: str, data: bytes) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    def add_cold(self, budget: int) -> None:
        while budget > 0:
            size = min(int(math.exp(self.rng.uniform(math.log(1024), math.log(2 * MIB)))), budget + 1024)
            self.serial += 1
            rel = f"d{self.rng.randrange(20):02}/f{self.serial:06}.dat"
            self.write(rel, self.content(size))
            self.cold.append(rel)
            budget -= size

    def rewrite_hot(self) -> None:
        each = self.size * 5 // 100 // self.HOT_FILES
        for i in range(self.HOT_FILES):
            self.write(f"hot/h{i}.db", self.content(each))

    def initial(self) -> None:
        self.add_cold(self.size * 95 // 100)
        self.rewrite_hot()

    def step(self) -> None:
        n = max(1, len(self.cold) * 2 // 100)
        for rel in self.rng.sample(self.cold, n):
            (self.root / rel).unlink()
            self.cold.remove(rel)
        for rel in self.rng.sample(self.cold, min(n, len(self.cold))):
            path = self.root / rel
            data = path.read_bytes()
            at = self.rng.randrange(len(data) + 1)
            path.write_bytes(data[:at] + self.content(self.rng.randint(16, 64) * 1024) + data[at:])
        self.add_cold(self.size * 2 // 100)
        self.rewrite_hot()


# ----------------------------------------------------------------------------------------------
# A throwaway PostgreSQL cluster, as test/Lifeboat.Testing/PostgreSqlServer.cs starts one: initdb in a
# temporary directory, scram-sha-256 password authentication, 127.0.0.1 on a free port, durability off.


def postgres_bin_dir(given: str | None) -> Path | None:
    """--pg-bin, else the newest /usr/lib/postgresql/<version>/bin (Debian), else PATH's initdb."""
    def has_server(d: Path) -> bool:
        return (d / "initdb").exists() and (d / "postgres").exists()
    if given:
        return Path(given)
    debian = Path("/usr/lib/postgresql")
    if debian.is_dir():
        versions = []
        for d in debian.iterdir():
            try:
                versions.append((float(d.name), d / "bin"))
            except ValueError:
                continue
        for _, d in sorted(versions, reverse=True):
            if has_server(d):
                return d
    initdb = shutil.which("initdb")
    return Path(initdb).resolve().parent if initdb and has_server(Path(initdb).resolve().parent) else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PgCluster:
    """initdb + postgres as the `postgres` user when the harness runs as root (through setpriv).

    The server runs with fsync, synchronous_commit and full_page_writes off (as the test fixture's):
    both tools load through the same server, and its disk flushes would only add noise. stop() ends it
    by its process id (SIGINT: fast shutdown) and removes its directory.
    """

    USER = "postgres"

    def __init__(self, bin_dir: Path, parent: str | None, log):
        self.bin = bin_dir
        self.parent = parent
        self.log = log
        self.dir: Path | None = None
        self.process: subprocess.Popen | None = None
        self.port = 0
        self.password = secrets.token_urlsafe(18)
        self.as_user: list[str] = []

    def tool(self, name: str) -> str:
        return str(self.bin / name)

    def env(self, base: dict) -> dict:
        """base plus PGHOST, PGPORT, PGUSER, PGPASSWORD for the client programs."""
        return {**base, "PGHOST": "127.0.0.1", "PGPORT": str(self.port), "PGUSER": self.USER,
                "PGPASSWORD": self.password}

    def start(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="lifeboat-bench-pg-", dir=self.parent))
        pwfile = self.dir / "pwfile"
        pwfile.write_text(self.password + "\n")
        if os.geteuid() == 0:
            user = pwd.getpwnam(self.USER)
            for path in (self.dir, pwfile):
                os.chown(path, user.pw_uid, user.pw_gid)
            self.as_user = ["setpriv", f"--reuid={self.USER}", f"--regid={self.USER}", "--init-groups", "--"]
        data = self.dir / "data"
        init = subprocess.run(
            [*self.as_user, self.tool("initdb"), "--pgdata", str(data), "--username", self.USER, "--pwfile", str(pwfile),
             "--auth", "scram-sha-256", "--encoding", "UTF8", "--locale", "C", "--no-sync"],
            capture_output=True, text=True, cwd=self.dir)
        pwfile.unlink()
        if init.returncode != 0:
            raise CommandFailed(f"initdb failed: {init.stderr[-2000:]}")
        for attempt in range(3):
            self.port = free_port()
            with open(self.dir / "server.log", "ab") as logfile:
                self.process = subprocess.Popen(
                    [*self.as_user, self.tool("postgres"), "-D", str(data), "-p", str(self.port), "-k", str(self.dir),
                     "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off",
                     "-c", "full_page_writes=off", "-c", "max_connections=50"],
                    stdout=logfile, stderr=subprocess.STDOUT, cwd=self.dir, start_new_session=True)
            if self.wait_ready():
                self.log(f"  PostgreSQL {self.version()} on 127.0.0.1:{self.port} (pid {self.process.pid}, "
                         f"{'as ' + self.USER if self.as_user else 'as this user'}); {self.bin}")
                return
            self.process = None
        raise CommandFailed(f"PostgreSQL did not start: {(self.dir / 'server.log').read_text()[-2000:]}")

    def wait_ready(self) -> bool:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False  # the port was taken, or worse: start() tries again, then gives up
            probe = subprocess.run([self.tool("pg_isready"), "-q", "-h", "127.0.0.1", "-p", str(self.port)], check=False)
            if probe.returncode == 0:
                return True
            time.sleep(0.1)
        self.stop_server()
        return False

    def psql(self, database: str, sql: str) -> str:
        result = subprocess.run([self.tool("psql"), "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-d", database, "-c", sql],
                                capture_output=True, text=True, env=self.env(dict(os.environ)))
        if result.returncode != 0:
            raise CommandFailed(f"psql -d {database} -c {sql!r}: {result.stderr[-2000:]}")
        return result.stdout.strip()

    def version(self) -> str:
        return self.psql("postgres", "SHOW server_version")

    def checkpoint(self) -> None:
        """Dirty shared buffers to the page cache before a timed run (sync then writes them out)."""
        self.psql("postgres", "CHECKPOINT")

    def database_size(self, database: str) -> int:
        return int(self.psql("postgres", f"SELECT pg_database_size('{database}')"))

    def drop(self, database: str) -> None:
        self.psql("postgres", f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')

    def stop_server(self) -> None:
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGINT)  # fast shutdown
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def stop(self) -> None:
        self.stop_server()
        if self.dir is not None:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None


# ----------------------------------------------------------------------------------------------
# Scenarios. Each returns {"runs": [...], "notes": {...}}; rounds alternate the order of the tools.


def scenario_open(b: Bench) -> dict:
    """`snapshots` on an empty repository: process start, config, scrypt key derivation, a listing.

    "shared": both tools open a copy of the template (the same key file, as in every other scenario);
    "own": each tool opens a repository it initialised itself (its own scrypt parameters).
    """
    runs, notes = [], {}
    own = {t: b.work / f"open-own-{t}" for t in TOOLS}
    for t in TOOLS:
        b.init_repo(t, own[t])
        notes[f"{t}_init_kdf"] = b.kdf_params(own[t])
    shared = b.work / "open-shared"
    shutil.copytree(b.template(), shared)
    notes["shared_kdf"] = b.kdf_params(shared)
    for t in TOOLS:  # one untimed call each: binaries into the page cache
        b.run(b.command(t, own[t], "snapshots"), timed=False)
    for rnd in range(1, b.args.rounds + 1):
        for t in b.order(rnd):
            run, _ = b.timed(t, rnd, b.command(t, own[t], "snapshots", "--json"))
            run.extra["variant"] = "own"
            runs.append(run)
            run, _ = b.timed(t, rnd, b.command(t, shared, "snapshots", "--json"))
            run.extra["variant"] = "shared"
            runs.append(run)
    for p in [*own.values(), shared]:
        b.remove(p)
    return {"runs": runs, "notes": notes}


def scenario_backup_full(b: Bench) -> dict:
    """Init (not timed) and a full backup of the corpus into a fresh repository, each round."""
    b.warm(b.corpus())
    runs = []
    for rnd in range(1, b.args.rounds + 1):
        for t in b.order(rnd):
            runs.append(b.fresh_backup(t, rnd, "backup-full", b.corpus(), keep=rnd == b.args.rounds))
    b.verify_with_restic(b.fixtures["backup-full:lifeboat"][0])  # type: ignore[index]
    return {"runs": runs, "notes": {"corpus_files_bytes": list(tree_census(b.corpus()))}}


def scenario_backup_nochange(b: Bench) -> dict:
    """Backup of the unchanged corpus into the repository of a full backup (the parent is found)."""
    b.warm(b.corpus())
    repos = {t: b.sdk_repo(t)[0] for t in TOOLS}
    runs = []
    for rnd in range(1, b.args.rounds + 1):
        for t in b.order(rnd):
            run = b.backup(t, rnd, repos[t], b.corpus())
            runs.append(run)
    return {"runs": runs, "notes": {}}


def scenario_restore(b: Bench) -> dict:
    """Both tools restore the same restic-written snapshot of the corpus into an empty directory."""
    repo, snapshot = b.sdk_repo("restic")
    b.warm(repo)
    expected = tree_census(b.corpus())
    parent = Path(b.args.restore_dir) if b.args.restore_dir else b.work
    targets = []
    runs = []
    for rnd in range(1, b.args.rounds + 1):
        for t in b.order(rnd):
            target = Path(tempfile.mkdtemp(prefix=f"restore-{t}-{rnd}-", dir=parent))
            targets.append(target)
            run, _ = b.timed(t, rnd, b.command(t, repo, "restore", str(snapshot), "--target", str(target)))
            got = tree_census(target / b.corpus().relative_to("/"))
            run.extra["restored_files_bytes"] = list(got)
            if got != expected:
                b.log(f"    WARNING: {t} restored {got} (files, bytes), the corpus has {expected}")
            runs.append(run)
    # Removed only now: on ext4 without a journal, creating files soon after many were deleted is slow
    # (the allocator skips recently freed inodes), which would charge one run for the previous one.
    for target in targets:
        shutil.rmtree(target, ignore_errors=True)
    return {"runs": runs, "notes": {"snapshot": snapshot, "repo_bytes": tree_bytes(repo)}}


def scenario_backup_bigfile(b: Bench) -> dict:
    """One generated file (2 GB; 512 MB with --quick) into a fresh repository, each round."""
    source = b.big_file()
    b.warm(source)
    runs = []
    for rnd in range(1, b.args.rounds + 1):
        for t in b.order(rnd):
            runs.append(b.fresh_backup(t, rnd, "backup-bigfile", source, keep=False))
    return {"runs": runs, "notes": {"size_bytes": b.args.bigfile_mb * MIB}}


def scenario_backup_smallfiles(b: Bench) -> dict:
    """100,000 generated files of 1-8 KiB in 1,000 directories into a fresh repository, each round."""
    source = b.small_files()
    b.warm(source)
    runs = []
    last = b.args.rounds
    for rnd in range(1, last + 1):
        for t in b.order(rnd):
            runs.append(b.fresh_backup(t, rnd, "backup-smallfiles", source, keep=rnd == last and t == "lifeboat"))
    if "backup-smallfiles:lifeboat" in b.fixtures:
        repo = b.fixtures.pop("backup-smallfiles:lifeboat")[0]  # type: ignore[index]
        b.verify_with_restic(repo)
        b.remove(repo)
    return {"runs": runs, "notes": {"files": b.args.smallfiles}}


def scenario_prune(b: Bench) -> dict:
    """`prune` (default settings) of a copy of the forgotten state of prune_repos(), per tool and round.

    Each run gets its own cp -a of the same state (restic also a copy of its warm cache); the repository's
    size after the prune is recorded. The last round's Lifeboat copy must pass `restic check`, and both
    tools must leave the same snapshots.
    """
    fx = b.prune_repos()
    b.warm(fx["forgotten"])
    runs, kept = [], {}
    last = b.args.rounds
    for rnd in range(1, last + 1):
        for t in b.order(rnd):
            repo = b.work / f"prune-{t}-{rnd}"
            b.copy_repo(fx["forgotten"], repo)
            run, _ = b.timed(t, rnd, b.command(t, repo, "prune"))
            run.repo_bytes = tree_bytes(repo)
            runs.append(run)
            if rnd == last:
                kept[t] = repo
            else:
                b.remove(repo)
    counts = {t: b.snapshot_count(repo) for t, repo in kept.items()}
    b.log(f"  snapshots left: {counts}; repository before the prune {fx['forgotten_bytes'] / MB:.0f} MB, after: "
          + ", ".join(f"{t} {tree_bytes(r) / MB:.0f} MB" for t, r in kept.items()))
    if len(set(counts.values())) != 1 or fx["kept"] not in counts.values():
        b.log(f"    WARNING: snapshots left differ: {counts}, expected {fx['kept']}")
    if "lifeboat" in kept:
        b.verify_with_restic(kept["lifeboat"])
    for repo in kept.values():
        b.remove(repo)
    notes = {k: v for k, v in fx.items() if k not in ("full", "forgotten")}
    notes["snapshots_after_prune"] = counts
    return {"runs": runs, "notes": notes}


def scenario_check_read_data(b: Bench) -> dict:
    """`check --read-data` of prune_repos()' "full" repository (30 snapshots written by restic 0.14,
    nothing forgotten), both tools on the same directory (check changes nothing but its lock file)."""
    fx = b.prune_repos()
    repo = fx["full"]
    b.warm(repo)
    runs = []
    for rnd in range(1, b.args.rounds + 1):
        for t in b.order(rnd):
            run, _ = b.timed(t, rnd, b.command(t, repo, "check", "--read-data"))
            run.repo_bytes = tree_bytes(repo)
            runs.append(run)
    return {"runs": runs, "notes": {"snapshots": fx["snapshots"], "repo_bytes": tree_bytes(repo)}}


def scenario_pg_dump(b: Bench) -> dict:
    """`lifeboat backup pgbench` into a fresh copy of the Lifeboat template against pg_dump in the same
    format (-Fc -Z0) to /dev/null; then, into the last Lifeboat repository, the next backup after updating
    1% of the accounts, spread over the table (the target), and after updating another 1% in one range."""
    cluster = b.pg()
    env = b.pg_env(cluster)
    dump_bytes = b.pg_dump_size(cluster)  # also reads the database into the page cache
    rows = b.fixtures["pg:rows"]
    b.log(f"  pg_dump -Fc -Z0 of the database: {dump_bytes / MB:.1f} MB "
          f"(database {cluster.database_size(PG_DATABASE) / MB:.0f} MB)")
    runs = []
    last = b.args.rounds
    keep: tuple[Path, Path] | None = None
    for rnd in range(1, last + 1):
        for t in b.order(rnd, "pg_dump"):
            cluster.checkpoint()
            if t == "pg_dump":
                run, _ = b.timed("pg_dump", rnd, b.pg_dump_argv(cluster), env=env, discard_stdout=True)
            else:
                repo, manifest = b.service_repo(f"pg-dump-lifeboat-{rnd}")
                run, out = b.timed("lifeboat", rnd, b.lifeboat("backup", PG_SERVICE, "-c", str(manifest), "--json"))
                doc = json_doc(out)[0]
                run.repo_bytes = tree_bytes(repo)
                run.extra.update({k: doc.get(k) for k in ("snapshot_id", "data_added", "data_added_packed", "total_bytes_processed", "seconds")})
                if rnd == last:
                    keep = (repo, manifest)
                else:
                    b.remove(repo)
            runs.append(run)

    # The increment: the same repository, the next day's backup after 1% of the rows changed.
    assert keep is not None
    repo, manifest = keep
    increments, targets = {}, []
    updates = [
        ("spread", "UPDATE pgbench_accounts SET abalance = abalance + 1 WHERE aid % 100 = 0",
         "every 100th account"),
        ("clustered", f"UPDATE pgbench_accounts SET abalance = abalance + 1 WHERE aid <= {rows // 100}",
         f"accounts 1 to {rows // 100}"),
    ]
    for name, sql, what in updates:
        changed = cluster.psql(PG_DATABASE, f"WITH u AS ({sql} RETURNING 1) SELECT count(*) FROM u")
        cluster.checkpoint()
        before = tree_bytes(repo)
        run, out = b.timed("lifeboat", 0, b.lifeboat("backup", PG_SERVICE, "-c", str(manifest), "--json"))
        doc = json_doc(out)[0]
        summary = b.snapshot_summary(repo, doc["snapshot_id"])
        after_dump = b.pg_dump_size(cluster)
        # The backup's JSON, as restic's: data_added is plaintext, data_added_packed what was stored.
        inc = {"update": sql, "rows_changed": int(changed), "data_added": doc.get("data_added_packed"),
               "data_added_plaintext": summary.get("data_added"), "data_added_packed": summary.get("data_added_packed"),
               "repo_growth_bytes": tree_bytes(repo) - before, "dump_bytes": dump_bytes,
               "dump_bytes_after": after_dump, "wall_s": round(run.wall, 3), "cpu_s": round(run.cpu, 2)}
        increments[name] = inc
        added = inc["data_added"] or 0
        plain = inc["data_added_plaintext"]
        b.log(f"  after updating {int(changed):,} rows ({what}): the backup added {added / MB:.2f} MB to the "
              f"repository ({added / dump_bytes:.1%} of the {dump_bytes / MB:.0f} MB dump), "
              f"{fmt(plain / MB if plain is not None else None, 1)} MB before compression "
              f"({fmt(plain / dump_bytes * 100 if plain is not None else None, 1)}%); repository grew "
              f"{inc['repo_growth_bytes'] / MB:.2f} MB")
        why = (f"{int(changed):,} rows ({what}); " + (
            "the issue's case: updated rows move to the end of the heap, so nearly every chunk of the dump "
            "(about 1 MiB, some 10,000 rows) loses rows" if name == "spread" else
            "for comparison: the same number of rows in one range of the table"))
        target = 0.05 if name == "spread" else None
        targets.append(target_row(f"pg-dump: stored after updating 1% of rows ({name}), backup JSON data_added_packed",
                                  "issue 6", added / MB, dump_bytes / MB, "pg_dump -Fc -Z0 size", "MB",
                                  added / dump_bytes, target, [run.load1] * 3,
                                  why + "; compressed: pgbench rows (84 blank characters each) compress about "
                                  f"{compression_ratio(runs):.0f}:1"))
        targets.append(target_row(f"pg-dump: new data after updating 1% of rows ({name}), before compression",
                                  "issue 6", plain / MB if plain is not None else None, dump_bytes / MB,
                                  "pg_dump -Fc -Z0 size", "MB", plain / dump_bytes if plain is not None else None,
                                  target, [run.load1] * 3,
                                  why + "; the snapshot's summary data_added: what deduplication did not find"))
    cluster.psql(PG_DATABASE, "VACUUM pgbench_accounts")
    b.remove(repo)
    return {"runs": runs, "targets": targets,
            "notes": {"dump_bytes": dump_bytes, "database_bytes": b.fixtures["pg:size"], "accounts": rows,
                      "increments": increments}}


def compression_ratio(runs: list[Run]) -> float:
    """Plaintext / stored bytes of the first full backups of the pg-dump scenario (their median)."""
    full = [r for r in runs if r.tool == "lifeboat" and r.extra.get("data_added_packed")]
    processed = median([r.extra.get("total_bytes_processed") for r in full])
    stored = median([r.extra.get("data_added_packed") for r in full])
    return processed / stored if processed and stored else float("nan")


PG_RESTORE_VARIANTS = [
    # (variant, options): the first is what `lifeboat restore` does by default and is the issue's target.
    ("in place", ["--yes"]),
    ("in place, no safety snapshot", ["--yes", "--no-safety-snapshot"]),
    ("into a new database", ["--into"]),  # + a database name per run
]


def scenario_pg_restore(b: Bench) -> dict:
    """`lifeboat restore pgbench <snapshot>` (three variants) against pg_restore of a pg_dump file of
    the same database state into a fresh database (CREATE DATABASE not timed).

    Each round runs pg_restore once; its run is the peer of every variant. Lifeboat's variants rotate
    their order from round to round.
    """
    repo, manifest, snapshot, dump = b.pg_backup_repo()
    cluster = b.pg()
    b.warm(repo)
    b.warm(dump)
    runs = []
    for rnd in range(1, b.args.rounds + 1):
        for t in b.order(rnd, "pg_restore"):
            if t == "pg_restore":
                database = f"peer_restore_{rnd}"
                run = b.pg_restore_peer(rnd, dump, database)
                run.extra["accounts"] = b.check_restored(database)
                cluster.drop(database)
                for variant, _ in PG_RESTORE_VARIANTS:
                    runs.append(dataclasses.replace(run, extra={**run.extra, "variant": variant}))
                continue
            k = (rnd - 1) % len(PG_RESTORE_VARIANTS)
            for variant, options in PG_RESTORE_VARIANTS[k:] + PG_RESTORE_VARIANTS[:k]:
                into = f"lifeboat_restore_{rnd}" if "--into" in options else None
                argv = b.lifeboat("restore", PG_SERVICE, snapshot, "-c", str(manifest), "--json", *options,
                                  *([into] if into else []))
                cluster.checkpoint()
                run, out = b.timed("lifeboat", rnd, argv)
                doc = json_doc(out)
                run.extra.update({"variant": variant, "seconds": doc.get("seconds"),
                                  "safety_snapshot_id": doc.get("safety_snapshot_id"),
                                  "accounts": b.check_restored(into or PG_DATABASE)})
                if into:
                    cluster.drop(into)
                runs.append(run)
    return {"runs": runs, "notes": {"snapshot": snapshot, "dump_bytes": dump.stat().st_size,
                                    "repo_bytes_after": tree_bytes(repo)}}


def scenario_drill(b: Bench) -> dict:
    """`lifeboat drill pgbench --snapshot <id>` against the restore alone, `lifeboat restore pgbench <id>
    --into <new database>` (what a drill does before its checks and cleanup), alternating; plus the
    drill's own phase timings (its JSON: restore_seconds of seconds)."""
    repo, manifest, snapshot, _ = b.pg_backup_repo()
    cluster = b.pg()
    b.warm(repo)
    peer = "restore --into"
    runs = []
    for rnd in range(1, b.args.rounds + 1):
        for t in b.order(rnd, peer):
            cluster.checkpoint()
            if t == "lifeboat":
                run, out = b.timed("lifeboat", rnd, b.lifeboat("drill", PG_SERVICE, "--snapshot", snapshot,
                                                                "-c", str(manifest), "--json"))
                doc = json_doc(out)[0]
                if not doc.get("passed"):
                    b.log(f"    WARNING: the drill did not pass: {doc.get('error')} {doc.get('checks')}")
                run.extra.update({k: doc.get(k) for k in ("passed", "restore_seconds", "seconds", "checks")})
            else:
                into = f"drill_peer_{rnd}"
                run, out = b.timed(peer, rnd, b.lifeboat("restore", PG_SERVICE, snapshot, "-c", str(manifest),
                                                         "--json", "--into", into))
                run.extra.update({"seconds": json_doc(out).get("seconds"), "accounts": b.check_restored(into)})
                cluster.drop(into)
            runs.append(run)
    leftovers = cluster.psql("postgres", "SELECT string_agg(datname, ',') FROM pg_database WHERE datname LIKE '%drill%'")
    if leftovers:
        b.log(f"    WARNING: databases left after the drills: {leftovers}")
    drills = [r for r in runs if r.tool == "lifeboat"]
    phase_total = median([r.extra.get("seconds") for r in drills])
    phase_restore = median([r.extra.get("restore_seconds") for r in drills])
    loads = [r.load1 for r in drills]
    overhead = ratio(phase_total, phase_restore)
    targets = [target_row("drill: its own phases, total / restore", "issue 8", phase_total, phase_restore,
                          "the drill's restore phase", "s", overhead, 1.1,
                          [min(loads), median(loads), max(loads)],
                          f"overhead {fmt((overhead - 1) * 100 if overhead else None, 1)}%: the drill's clock also "
                          "holds the leftover scan, opening the repository (scrypt) and the plan before the restore, "
                          "and the verify checks after it; process start, and dropping the scratch database beside "
                          "recording the evidence, are outside it")]
    notes = {"snapshot": snapshot, "drill_seconds_median": phase_total, "drill_restore_seconds_median": phase_restore,
             "leftover_databases": leftovers or None}
    into = b.summaries.get("pg-restore (into a new database)")
    if into:
        notes["pg_restore_scenario_into_wall_s"] = into["lifeboat"]["wall_s"]
    return {"runs": runs, "targets": targets, "notes": notes}


SCENARIOS = {
    "open": scenario_open,
    "backup-full": scenario_backup_full,
    "backup-nochange": scenario_backup_nochange,
    "restore": scenario_restore,
    "backup-bigfile": scenario_backup_bigfile,
    "backup-smallfiles": scenario_backup_smallfiles,
    "prune": scenario_prune,
    "check-read-data": scenario_check_read_data,
    "pg-dump": scenario_pg_dump,
    "pg-restore": scenario_pg_restore,
    "drill": scenario_drill,
}
# Everything: the PostgreSQL scenarios are skipped (with a message) where no PostgreSQL is installed.
DEFAULT_SCENARIOS = ["open", "backup-full", "backup-nochange", "restore", "backup-bigfile", "backup-smallfiles",
                     "prune", "check-read-data", "pg-dump", "pg-restore", "drill"]


# ----------------------------------------------------------------------------------------------
# Summaries


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def ratio(a, b):
    return a / b if a is not None and b else None


def peer_of(runs: list[Run]) -> str:
    """The tool Lifeboat is compared with in these runs (restic unless a scenario says otherwise)."""
    return next((r.tool for r in runs if r.tool != "lifeboat"), "restic")


def summarize(name: str, result: dict, open_summary: dict | None, own_init: bool) -> dict:
    """Medians per tool and variant, and the ratios Lifeboat / peer.

    Each label's entry holds "lifeboat", the peer's figures under its own name ("restic", "pg_dump",
    ...), "peer" (that name) and the ratios.
    """
    runs: list[Run] = result["runs"]
    out = {}
    variants = sorted({r.extra.get("variant") for r in runs}, key=str)
    for variant in variants:
        label = name if variant is None else f"{name} ({variant})"
        vruns = [r for r in runs if r.extra.get("variant") == variant]
        peer = peer_of(vruns)
        per = {}
        for t in ("lifeboat", peer):
            rs = [r for r in vruns if r.tool == t]
            per[t] = {
                "wall_s": median([r.wall for r in rs]),
                "cpu_s": median([r.cpu for r in rs]),
                "peak_rss_mib": median([r.rss_kb / 1024 for r in rs]),
                "busy_threads": median([r.busy_threads for r in rs]),
                "runqueue_wait_s": median([r.sched_wait for r in rs]),
                "repo_mb": median([r.repo_bytes / MB if r.repo_bytes is not None else None for r in rs]),
                "rounds": len(rs),
            }
        s = {"peer": peer, "lifeboat": per["lifeboat"], peer: per[peer]}
        for metric in ("wall_s", "cpu_s", "peak_rss_mib", "repo_mb"):
            s[f"ratio_{metric}"] = ratio(per["lifeboat"][metric], per[peer][metric])
        # Net of the fixed cost of opening a repository (process start + scrypt), when measured.
        # Every restic scenario's repositories share the template's key file: subtract "open (shared)".
        key = "open (shared)"
        if open_summary and name != "open" and peer == "restic" and key in open_summary and not own_init:
            lo = per["lifeboat"]["wall_s"] - open_summary[key]["lifeboat"]["wall_s"]
            ro = per[peer]["wall_s"] - open_summary[key]["restic"]["wall_s"]
            if lo > 0 and ro > 0:
                s["ratio_wall_net_of_open"] = lo / ro
        loads = [r.load1 for r in vruns]
        s["load1_min_median_max"] = [min(loads), median(loads), max(loads)] if loads else None
        out[label] = s
    return out


def fmt(v, digits=2):
    if v is None:
        return "–"
    return f"{v:.{digits}f}"


def load_range(load) -> str:
    return "–" if not load else f"{load[0]:.1f} to {load[2]:.1f}"


def table(summaries: dict) -> str:
    time_rows = [
        "| scenario | peer | Lifeboat wall s | peer wall s | ratio | ratio net of open | Lifeboat CPU s | peer CPU s | ratio "
        "| Lifeboat busy threads | peer busy threads |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    size_rows = [
        "| scenario | Lifeboat peak RSS MiB | peer peak RSS MiB | ratio | Lifeboat repo MB | peer repo MB | ratio "
        "| load (1 min) during runs |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for name, s in summaries.items():
        lb, rs = s["lifeboat"], s[s["peer"]]
        time_rows.append(
            f"| {name} | {s['peer']} | {fmt(lb['wall_s'])} | {fmt(rs['wall_s'])} | **{fmt(s['ratio_wall_s'])}** | "
            f"{fmt(s.get('ratio_wall_net_of_open'))} | {fmt(lb['cpu_s'])} | {fmt(rs['cpu_s'])} | {fmt(s['ratio_cpu_s'])} | "
            f"{fmt(lb['busy_threads'], 1)} | {fmt(rs['busy_threads'], 1)} |")
        size_rows.append(
            f"| {name} | {fmt(lb['peak_rss_mib'], 0)} | {fmt(rs['peak_rss_mib'], 0)} | {fmt(s['ratio_peak_rss_mib'])} | "
            f"{fmt(lb['repo_mb'], 1)} | {fmt(rs['repo_mb'], 1)} | {fmt(s['ratio_repo_mb'], 3)} | "
            f"{load_range(s.get('load1_min_median_max'))} |")
    return "\n".join(time_rows) + "\n\n" + "\n".join(size_rows)


# The issues' targets that are wall-time ratios of a scenario's medians (Lifeboat / peer), by summary
# label; None: the row is shown for comparison, without a target. Scenarios add their other targets
# themselves (result["targets"]: data added, the drill's own phases).
WALL_TARGETS = {
    "restore": ("issue 3", 0.5),
    "backup-full": ("issue 4", 0.5),
    "backup-nochange": ("issue 4", 0.5),
    "prune": ("issue 5", 0.5),
    "check-read-data": ("issue 5", 0.5),
    "pg-dump": ("issue 6", 1.1),
    "pg-restore (in place)": ("issue 7", 1.2),  # the default: safety snapshot, load, swap
    "pg-restore (in place, no safety snapshot)": ("issue 7", None),
    "pg-restore (into a new database)": ("issue 7", None),
    "drill": ("issue 8", 1.1),  # peer: Lifeboat's restore --into alone; overhead under 10%
}


def target_row(what: str, issue: str, lifeboat, peer, peer_name: str, unit: str, value, target,
               load=None, note: str = "") -> dict:
    """One line of the targets table: value (a ratio) against target (None: reported, no target)."""
    return {"what": what, "issue": issue, "lifeboat": lifeboat, "peer": peer, "peer_name": peer_name,
            "unit": unit, "value": value, "target": target,
            "met": None if target is None or value is None else value <= target,
            "load1_min_median_max": load, "note": note}


def wall_targets(scenario_summary: dict) -> list[dict]:
    """The WALL_TARGETS rows of one scenario's summary (its labels, variants included)."""
    rows = []
    for label, s in scenario_summary.items():
        if label in WALL_TARGETS:
            issue, target = WALL_TARGETS[label]
            rows.append(target_row(f"{label}: wall time", issue, s["lifeboat"]["wall_s"], s[s["peer"]]["wall_s"],
                                   s["peer"], "s", s["ratio_wall_s"], target, s.get("load1_min_median_max")))
    return rows


def targets_table(rows: list[dict]) -> str:
    out = ["| target | issue | Lifeboat | peer | ratio | target | met | load (1 min) | note |",
           "| --- | --- | ---: | ---: | ---: | ---: | --- | --- | --- |"]
    for r in rows:
        digits = 1 if r["unit"] == "MB" else 2
        lb = f"{fmt(r['lifeboat'], digits)} {r['unit']}" if r["lifeboat"] is not None else "–"
        peer = f"{fmt(r['peer'], digits)} {r['unit']} ({r['peer_name']})" if r["peer"] is not None else "–"
        met = "–" if r["met"] is None else ("yes" if r["met"] else "**no**")
        target = "–" if r["target"] is None else f"≤ {r['target']:g}"
        out.append(f"| {r['what']} | {r['issue']} | {lb} | {peer} | **{fmt(r['value'], 3)}** | {target} | {met} | "
                   f"{load_range(r.get('load1_min_median_max'))} | {r['note']} |")
    return "\n".join(out)


# ----------------------------------------------------------------------------------------------


def machine() -> dict:
    cpu = next((l.split(":", 1)[1].strip() for l in Path("/proc/cpuinfo").read_text().splitlines()
                if l.startswith("model name")), "?")
    mem = next((l.split()[1] for l in Path("/proc/meminfo").read_text().splitlines() if l.startswith("MemTotal")), "0")

    def out(argv):
        try:
            return subprocess.run(argv, capture_output=True, text=True, check=False, cwd=ROOT).stdout.strip()
        except OSError:
            return "?"
    return {
        "cpu": cpu, "cores": os.cpu_count(), "mem_gib": round(int(mem) / 1024 / 1024, 1),
        "kernel": platform.release(), "dotnet": out(["dotnet", "--version"]),
        "restic": out(["restic", "version"]), "lifeboat_commit": out(["git", "rev-parse", "--short", "HEAD"]),
        "lifeboat_dirty": bool(out(["git", "status", "--porcelain", "--", "src"])),
    }


def build(runtime_stats: bool) -> None:
    print("building Lifeboat as ./lifeboat does (Release, ReadyToRun)...", flush=True)
    subprocess.run([str(ROOT / "lifeboat"), "--version"], check=True, stdout=subprocess.DEVNULL)
    if runtime_stats:
        subprocess.run(["dotnet", "build", str(ROOT / "bench" / "RuntimeStats"), "-c", "Release", "--nologo",
                        "-v", "quiet", "-clp:NoSummary"], check=True)


def default_corpus() -> str:
    dotnet = shutil.which("dotnet")
    return str(Path(dotnet).resolve().parent) if dotnet else ""


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--scenarios", default=",".join(DEFAULT_SCENARIOS),
                   help=f"comma-separated, from: {', '.join(SCENARIOS)} (default: %(default)s)")
    p.add_argument("--rounds", type=int, default=3, help="runs per tool and scenario (default 3)")
    p.add_argument("--quick", action="store_true", help="512 MB big file instead of 2 GB")
    p.add_argument("--bigfile-mb", type=int, help="size of the generated big file in MiB (default 2048, 512 with --quick)")
    p.add_argument("--smallfiles", type=int, default=100_000, help="number of generated small files (default 100000)")
    p.add_argument("--corpus", default=default_corpus(), help="the tree to back up (default: the dotnet directory)")
    p.add_argument("--prune-mb", type=int, default=200,
                   help="prune, check-read-data: size of the changing corpus in MB (default 200)")
    p.add_argument("--prune-snapshots", type=int, default=30,
                   help="prune, check-read-data: snapshots of it in the repository; every other is forgotten (default 30)")
    p.add_argument("--pg-scale", type=int, default=20,
                   help="pg-dump, pg-restore, drill: pgbench scale of the database (default 20: about 300 MB)")
    p.add_argument("--pg-bin", help="PostgreSQL server and client programs (default: the newest /usr/lib/postgresql/*/bin)")
    p.add_argument("--lifeboat-dll", default=str(DEFAULT_DLL), help="the lifeboat.dll to run")
    p.add_argument("--restic", default=shutil.which("restic") or "/usr/bin/restic", help="the restic binary")
    p.add_argument("--lifeboat-env", action="append", default=[], metavar="NAME=VALUE",
                   help="an environment variable for the runs (repeatable), e.g. DOTNET_TieredCompilation=0")
    p.add_argument("--runtime-stats", action="store_true",
                   help="record GC, JIT and thread-pool figures of each Lifeboat run (a startup hook, bench/RuntimeStats)")
    p.add_argument("--no-build", action="store_true", help="do not build Lifeboat first")
    p.add_argument("--own-init", action="store_true",
                   help="each tool initialises its own repositories (default: copies of one restic-made template)")
    p.add_argument("--no-verify", action="store_true", help="skip `restic check` of Lifeboat's repositories")
    p.add_argument("--workdir", help="parent of the temporary directory (default: $TMPDIR or /tmp)")
    p.add_argument("--restore-dir", help="where restore targets are made (default: the temporary directory)")
    p.add_argument("--keep", action="store_true", help="keep the temporary directory (repositories, data)")
    p.add_argument("--output", help="JSON results file (default: bench/results/results-<time>.json)")
    args = p.parse_args()
    args.bigfile_mb = args.bigfile_mb or (512 if args.quick else 2048)
    names = [s.strip() for s in args.scenarios.split(",") if s.strip()]
    unknown = [s for s in names if s not in SCENARIOS]
    if unknown:
        p.error(f"unknown scenario(s): {', '.join(unknown)}")
    if not args.corpus or not Path(args.corpus).is_dir():
        p.error("no corpus: give --corpus DIR")
    if not Path("/usr/bin/time").exists():
        p.error("/usr/bin/time is needed (apt-get install time)")
    if not args.no_build:
        build(args.runtime_stats)
    if not Path(args.lifeboat_dll).exists():
        p.error(f"{args.lifeboat_dll} does not exist")

    # SIGTERM and SIGHUP end the run through the finally below (PostgreSQL stopped, files removed).
    def interrupted(signum, _frame):
        raise KeyboardInterrupt(f"signal {signum}")
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, interrupted)

    work = Path(tempfile.mkdtemp(prefix="lifeboat-bench-", dir=args.workdir))
    b = Bench(args, work)
    started = dt.datetime.now().astimezone()
    info = machine()
    print(f"{started:%Y-%m-%d %H:%M %Z}; {info['cores']} cores ({info['cpu']}), load {loadavg()}; "
          f"lifeboat {info['lifeboat_commit']}{' (modified)' if info['lifeboat_dirty'] else ''}; {info['restic']}")
    print(f"work directory {work}; corpus {args.corpus}; {args.rounds} rounds", flush=True)
    results: dict = {"started": started.isoformat(timespec="seconds"), "machine": info,
                     "config": {k: v for k, v in vars(args).items() if k not in ("lifeboat_dll", "restic")},
                     "load_at_start": loadavg(), "scenarios": {}, "summary": {}, "targets": []}
    summaries: dict = {}
    targets: list[dict] = []
    open_summary = None
    try:
        for name in names:
            print(f"\n== {name}  (load {loadavg()})", flush=True)
            t0 = time.monotonic()
            try:
                result = SCENARIOS[name](b)
            except (NotImplementedError, Skipped) as e:
                print(f"  skipped: {e}")
                continue
            s = summarize(name, result, open_summary, args.own_init)
            if name == "open":
                open_summary = s
            summaries.update(s)
            b.summaries = summaries
            targets += wall_targets(s) + result.get("targets", [])
            results["scenarios"][name] = {"runs": [r.to_json() for r in result["runs"]], "notes": result["notes"],
                                          "seconds": round(time.monotonic() - t0, 1)}
            for label, v in s.items():
                peer = v[v["peer"]]
                print(f"  {label}: wall {fmt(v['lifeboat']['wall_s'])} s vs {fmt(peer['wall_s'])} s ({v['peer']}) "
                      f"= {fmt(v['ratio_wall_s'])}x; RSS {fmt(v['lifeboat']['peak_rss_mib'], 0)} vs "
                      f"{fmt(peer['peak_rss_mib'], 0)} MiB = {fmt(v['ratio_peak_rss_mib'])}x", flush=True)
    finally:
        for cleanup in reversed(b.cleanups):
            try:
                cleanup()
            except Exception as e:  # noqa: BLE001 - the other cleanups and the results still matter
                print(f"cleanup failed: {e}", file=sys.stderr)
        results["load_at_end"] = loadavg()
        results["summary"] = summaries
        results["targets"] = targets
        if summaries:
            print(f"\nMedians of {args.rounds} rounds; ratio = Lifeboat / peer (below 1: Lifeboat is faster or smaller). "
                  f"Load average at start {results['load_at_start']}, at end {results['load_at_end']}.\n")
            print(table(summaries))
            results["table_markdown"] = table(summaries)
            if targets:
                print("\n" + targets_table(targets))
                results["targets_markdown"] = targets_table(targets)
            output = Path(args.output) if args.output else RESULTS_DIR / f"results-{started:%Y%m%d-%H%M%S}.json"
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_text(json.dumps(results, indent=2) + "\n")
            print(f"\nresults: {output}")
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
