import { filetypeinfo } from 'magic-bytes.js';

/**
 * The video type the content's first bytes announce (magic numbers), if any candidate is a video:
 * a signature shared by a video and an audio format (Matroska) counts as video.
 */
export function sniffedVideoType(head: Buffer): string | undefined {
  return filetypeinfo(head).find((info) => info.mime?.startsWith('video/'))?.mime;
}
