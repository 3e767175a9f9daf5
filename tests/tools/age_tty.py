#!/usr/bin/env python3
"""Drives Debian's `age` tool through a pseudo-terminal (it reads passphrases only from a
terminal), for Steward's interoperability tests.

    age_tty.py decrypt IN OUT PASSPHRASE    # age -d -o OUT IN
    age_tty.py encrypt IN OUT PASSPHRASE    # age -p -o OUT IN

Exits with age's status; prints what age printed on failure.
"""
import os
import pty
import select
import sys
import time


def run(argv, passphrase, prompts):
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(argv[0], argv)
    seen = b""
    answered = 0
    deadline = time.time() + 60
    while time.time() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
            # Answer each passphrase prompt once ("Enter passphrase", "Confirm passphrase").
            while answered < prompts and seen.lower().count(b"passphrase") > answered:
                os.write(fd, passphrase.encode() + b"\r")
                answered += 1
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
    else:
        os.kill(pid, 9)
        print("age timed out:", seen.decode(errors="replace"), file=sys.stderr)
        return 124
    _, status = os.waitpid(pid, 0) if not done else (done, status)
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        print(seen.decode(errors="replace"), file=sys.stderr)
    return code


def main():
    mode, src, dst, passphrase = sys.argv[1:5]
    if mode == "decrypt":
        return run(["age", "-d", "-o", dst, src], passphrase, 1)
    if mode == "encrypt":
        # Interactive passphrase (no autogeneration): asked, then confirmed.
        return run(["age", "-p", "-o", dst, src], passphrase, 2)
    print(f"unknown mode {mode}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
