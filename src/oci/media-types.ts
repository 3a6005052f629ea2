export const MediaType = {
  OciManifest: 'application/vnd.oci.image.manifest.v1+json',
  OciIndex: 'application/vnd.oci.image.index.v1+json',
  OciConfig: 'application/vnd.oci.image.config.v1+json',
  OciLayerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  OciLayer: 'application/vnd.oci.image.layer.v1.tar',
  OciEmpty: 'application/vnd.oci.empty.v1+json',
  DockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  DockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  DockerConfig: 'application/vnd.docker.container.image.v1+json',
  DockerLayerGzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
} as const

/** Every manifest type this client reads, in the order it prefers them (the Accept header). */
export const MANIFEST_TYPES = [
  MediaType.OciManifest,
  MediaType.OciIndex,
  MediaType.DockerManifest,
  MediaType.DockerManifestList,
] as const

export function isIndexType(mediaType: string): boolean {
  return mediaType === MediaType.OciIndex || mediaType === MediaType.DockerManifestList
}

export function isManifestType(mediaType: string): boolean {
  return (MANIFEST_TYPES as readonly string[]).includes(mediaType)
}

const OCI_LAYER_OF: Record<string, string> = {
  [MediaType.DockerLayerGzip]: MediaType.OciLayerGzip,
  'application/vnd.docker.image.rootfs.diff.tar': MediaType.OciLayer,
}

/** Docker's layer types name the same bytes as the OCI ones; an OCI manifest uses the OCI names. */
export function toOciLayer<T extends { mediaType: string }>(d: T): T {
  return { ...d, mediaType: OCI_LAYER_OF[d.mediaType] ?? d.mediaType }
}

/** The empty JSON config of artifacts (image-spec §3.2). */
export const EMPTY_JSON = {
  mediaType: MediaType.OciEmpty,
  digest: 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a',
  size: 2,
  data: 'e30=',
} as const

export const REF_NAME_ANNOTATION = 'org.opencontainers.image.ref.name'
