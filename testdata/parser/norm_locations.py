# protoc decoded FileDescriptorSet text (one file) -> normalized location lines
import sys, re
txt = sys.stdin.read()
i = txt.find('source_code_info {')
if i < 0: sys.exit(0)
body = txt[i:]
# element kinds: field number -> (child kind, repeated)
T = {
 'file': {4:('msg',1),5:('enum',1),6:('svc',1),7:('field',1),8:('OPT',0)},
 'msg': {2:('field',1),6:('field',1),3:('msg',1),4:('enum',1),5:('range',1),7:('OPT',0),8:('oneof',1)},
 'field': {8:('OPT',0)}, 'enum': {2:('val',1),3:('OPT',0)}, 'val': {3:('OPT',0)},
 'svc': {2:('meth',1),3:('OPT',0)}, 'meth': {4:('OPT',0)}, 'oneof': {2:('OPT',0)}, 'range': {3:('OPT',0)},
}
def norm(path):
    kind='file'; out=[]; k=0
    while k < len(path):
        f=path[k]; out.append(str(f))
        ent=T.get(kind,{}).get(f)
        if not ent: return out+[str(x) for x in path[k+1:]]
        if ent[0]=='OPT':
            if k+1 < len(path): out.append('OPT')
            return out
        if ent[1]:
            if k+1 < len(path): out.append(str(path[k+1]))
            k+=2
        else: k+=1
        kind=ent[0]
    return out
locs = re.split(r'\n\s*location \{', body)[1:]
strre = r'"((?:[^"\\]|\\.)*)"'
for l in locs:
    path=[int(x) for x in re.findall(r'^\s*path: (-?\d+)', l, re.M)]
    span=[int(x) for x in re.findall(r'^\s*span: (-?\d+)', l, re.M)]
    s='P='+''.join(x+',' for x in norm(path))+' S='+','.join(map(str,span))
    m=re.search(r'^\s*leading_comments: '+strre, l, re.M)
    if m: s+=' L="'+m.group(1)+'"'
    m=re.search(r'^\s*trailing_comments: '+strre, l, re.M)
    if m: s+=' T="'+m.group(1)+'"'
    for m in re.finditer(r'^\s*leading_detached_comments: '+strre, l, re.M): s+=' D="'+m.group(1)+'"'
    print(s)
