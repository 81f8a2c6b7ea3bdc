/**
 * The author's pages' only script (served at /r/my-review.js, same origin, no inline code). It sends
 * a chosen video exactly as the hosted review form does: a one-time PUT URL issued for the signed
 * link (`data-upload-url`, the media feature's createVideoUploadUrl), the bytes PUT there (checked by
 * the media receiver), then the form posts the video's URL to add it to the review.
 */
export const REVIEWER_SCRIPT = String.raw`(function () {
  var form = document.querySelector('form[data-video-form]');
  if (!form) return;
  var input = form.querySelector('input[type=file]');
  var field = form.querySelector('input[name=video]');
  var status = form.querySelector('[data-status]');
  var button = form.querySelector('button[type=submit]');
  function json(response) {
    if (!response.ok) throw new Error('HTTP ' + response.status);
    return response.json();
  }
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    if (!form.reportValidity() || input.files.length === 0) return;
    var file = input.files[0];
    var type = file.type || 'video/mp4';
    button.disabled = true;
    status.textContent = form.dataset.uploading;
    fetch(form.dataset.uploadUrl + '&content_type=' + encodeURIComponent(type), { method: 'POST' }).then(json).then(function (target) {
      return fetch(target.upload_url, { method: 'PUT', headers: { 'content-type': type }, body: file }).then(function (response) {
        if (!response.ok) throw new Error('HTTP ' + response.status);
        return target.video_url;
      });
    }).then(function (url) {
      field.value = url;
      input.value = '';
      input.required = false;
      form.submit();
    }, function () {
      button.disabled = false;
      status.textContent = form.dataset.failed;
    });
  });
})();
`;
