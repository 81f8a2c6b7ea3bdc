import { Type, type Static } from '@sinclair/typebox';

/** `data` of get_image_upload_policy_token (spec schemas.md ImageUploadCredentials). */
export const ImageUploadCredentials = Type.Object(
  {
    access_id: Type.String({ description: 'storage access key id; send it as the form field OSSAccessKeyId' }),
    host: Type.String({ description: 'POST target of the multipart upload; the file is then served at <host>/<key>' }),
    expire: Type.String({ description: 'Unix seconds (as a string) when the credentials stop working (15 minutes)' }),
    signature: Type.String({ description: 'base64 HMAC-SHA1 of policy; send it as the form field Signature' }),
    policy: Type.String({
      description: 'base64 JSON {"expiration","conditions":[["starts-with","$key",dir],["content-length-range",1,max]]}; form field policy',
    }),
    dir: Type.String({ description: 'required key prefix: <shop_id>/<Y>/<M>/<D>/ — the key is dir + a file name' }),
    callback: Type.String({
      description: 'base64 JSON {callbackUrl, callbackBody, callbackBodyType}; send it as the form field callback to get a JSON reply with the URLs',
    }),
  },
  { description: 'ImageUploadCredentials' },
);
export type ImageUploadCredentials = Static<typeof ImageUploadCredentials>;

export const VideoUploadQuery = Type.Object({
  file_name: Type.Optional(Type.String({ maxLength: 255, description: 'original file name (informational; the stored name is generated)' })),
  content_type: Type.Optional(Type.String({ maxLength: 100, description: 'video/mp4 (default), video/webm or video/quicktime; the bytes are checked too' })),
});

export const VideoUploadUrl = Type.Object(
  {
    upload_url: Type.String({ description: 'one-time URL: PUT the raw video bytes to it within 30 minutes' }),
    video_url: Type.String({ description: 'final public URL of the video; use it as media[].url with type 2 in create_review' }),
    thumbnail_url: Type.String({ description: 'thumbnail of the video (a fixed placeholder picture)' }),
    uid: Type.String({ description: 'identifier of this upload' }),
    expire: Type.String({ description: 'Unix seconds (as a string) when upload_url stops working' }),
  },
  { description: 'VideoUploadUrl' },
);
