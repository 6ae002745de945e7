namespace Lifeboat.Manifest.Yaml;

internal sealed record YEntry(YScalar Key, YNode Value);
