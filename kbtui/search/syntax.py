"""Help texts shared by the CLI and the app: one home for the query syntax."""

QUERY_SYNTAX = """\
  mamba 状态空间        all words must match (Chinese words match as written)
  "loss scaling"        an exact phrase
  -word, NOT word       exclude notes with the word
  flow OR diffusion     either word
  title:flow            search one field: title, tag, category, series, summary, path, body
  tag:python category:算法

  Latin words ignore case and match identifier parts: "flash
  attention" also finds FlashAttention, "functional" nn.functional.
  A query kbtui cannot read exactly is read leniently, and what was
  ignored is said (on stderr, or in the app's status line).

  Forgiven: the last word is a prefix as you type (mam -> Mamba);
  question words need not match (mamba 是什么, what is mamba);
  variant terms match (梯度弥散 -> 梯度消失; add your own under
  synonyms: in config.yaml); one typo in a word of 5+ letters when
  little matches (tranformer: "showing results for transformer");
  most of the words when no note has them all."""
