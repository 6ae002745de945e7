using Lifeboat.Manifest.Yaml;

namespace Lifeboat.Manifest.Schema;

internal enum DeclarationKind
{
    Service,
    Repository,
    Source,
}
