# How tests/data/throughput-{trtllm-1x,vllm,sglang}.csv were assembled from the collected research CSVs (run once,
# before any fit): B300/GB300/MI350 rows dropped (not in the catalog), NIM 1.8 online rows dropped (they repeat
# throughput-measured.csv), and a split column where every fourth row of each source, in SHA-1 order, is held out.
import csv, hashlib, collections, sys
R = '/work/research/'
COLS = ['source','url_or_path','engine','model','params_b','precision','gpu','num_gpus','isl','osl',
        'concurrency_or_mode','output_tok_per_s_total','output_tok_per_s_per_gpu','ttft_ms','tpot_ms','tp','pp','ep','split','notes']
def load(f):
    return list(csv.DictReader(open(R + f)))
def key(r):
    return hashlib.sha1('|'.join(r[c] for c in ['url_or_path','engine','model','precision','gpu','num_gpus','isl','osl','concurrency_or_mode']).encode()).hexdigest()
def assign(rows):
    groups = collections.defaultdict(list)
    for r in rows: groups[r['source']].append(r)
    for src, g in groups.items():
        for i, r in enumerate(sorted(g, key=key)):
            r['split'] = 'holdout' if i % 4 == 0 else 'fit'
    return rows
def write(name, rows):
    with open('tests/data/' + name, 'w', newline='') as f:
        w = csv.DictWriter(f, fieldnames=COLS, extrasaction='ignore', lineterminator='\n')
        w.writeheader()
        for r in rows: w.writerow({c: r.get(c, '') for c in COLS})
    c = collections.Counter(r['split'] for r in rows)
    print(name, len(rows), dict(c))
drop_gpu = ('B300', 'GB300', 'MI350')
trt = [r for r in load('trtllm-new.csv') if not r['gpu'].startswith(drop_gpu)]
sg_all = load('sglang.csv')
on = [r for r in load('online.csv') if not r['engine'].startswith('NIM')]  # NIM 1.8 rows repeat throughput-measured.csv's
vl = load('vllm.csv') + [r for r in sg_all + on if r['engine'].lower().startswith('vllm')]
sg = [r for r in sg_all + on if not r['engine'].lower().startswith('vllm') and not r['gpu'].startswith(drop_gpu)]
vl = [r for r in vl if not r['gpu'].startswith(drop_gpu)]
write('throughput-trtllm-1x.csv', assign(trt))
write('throughput-vllm.csv', assign(vl))
write('throughput-sglang.csv', assign(sg))
