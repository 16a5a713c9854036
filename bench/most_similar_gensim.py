# gensim's side of bench/most-similar.ts: loads the same vectors (word2vec binary written by the bench) and
# times KeyedVectors.most_similar(word, topn=10) per query, interleaved with the TypeScript side: one JSON
# request per line on stdin ({"word": w}), one JSON answer per line ({"ms", "top"}).
# Run with Debian's gensim 4 (apt-get install -y python3-gensim); numpy's BLAS threads follow OPENBLAS_NUM_THREADS.
import json, sys, time
from gensim.models import KeyedVectors

kv = KeyedVectors.load_word2vec_format(sys.argv[1], binary=True)
kv.fill_norms()
import gensim, numpy
print(json.dumps({'ready': True, 'gensim': gensim.__version__, 'numpy': numpy.__version__, 'size': len(kv.index_to_key)}), flush=True)
for line in sys.stdin:
    w = json.loads(line)['word']
    t0 = time.perf_counter()
    top = kv.most_similar(w, topn=10)
    ms = (time.perf_counter() - t0) * 1000
    print(json.dumps({'ms': ms, 'top': [n for n, _ in top]}), flush=True)
