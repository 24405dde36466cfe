"""Writes generated mutations for the direction oracle: OUT/mNNNNN/{old,new} module roots,
one mutation of testdata/mutate's in-repo seeds each (docs/mutation.md: the same seeds,
kinds and deterministic choice per (seed, index)), for testdata/oracle.test.sh to judge
like the hand-made cases. Usage: oracle_mutants.py OUT COUNT [SEED]"""
import os
import sys
import types

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "mutate"))
import mutate  # noqa: E402


def main():
    out, count = sys.argv[1], int(sys.argv[2])
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 11
    seeds = mutate.collect_seeds(types.SimpleNamespace(googleapis=None, sample=0, seed=seed, max_closure=25))
    kinds = sorted(mutate.KINDS)
    for i in range(count):
        m = mutate.make_mutation(seeds, seed, i, kinds)
        if m is None:
            continue
        root, files, rel, kind, desc, new = m
        work = os.path.join(out, "m%05d" % i)
        mutate.write_modules(work, root, files, rel, new)
        with open(os.path.join(work, "README"), "w") as f:
            f.write("%s: %s (%s)\n" % (kind, desc, rel))


if __name__ == "__main__":
    main()
