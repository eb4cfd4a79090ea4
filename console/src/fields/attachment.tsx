import { DeleteOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Space, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { type Problem, toProblem } from '../api/problem';
import type { StoredFile } from '../api/types';
import { formatBytes } from './format';

const fileKey = (id: string) => ['file', id] as const;

/**
 * A file field's control: the file it holds (name, size, download) and an upload that sends the
 * chosen file to `POST /files` and keeps the answered id as the field's value. What the server
 * refuses (too large, a type it does not accept) is said beside the control.
 */
export function FileControl({ id, testId, label, value, onChange }: {
  id: string;
  testId: string;
  label: string;
  value: string;
  onChange: (fileId: string) => void;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const upload = useMutation({
    mutationFn: (file: File) => api.uploadFile(file, file.name),
    onSuccess: stored => {
      client.setQueryData(fileKey(stored.id), stored);
      onChange(stored.id);
    },
  });
  const refused = upload.error ? refusal(toProblem(upload.error), upload.variables, t) : null;
  return (
    <div data-testid={testId} data-value={value}>
      <Space wrap>
        {value && <FileValue id={value} />}
        {value && (
          <Button size="small" type="text" danger icon={<DeleteOutlined />} onClick={() => { upload.reset(); onChange(''); }}
                  data-testid={`${testId}-remove`}
                  aria-label={t('attachment.remove', { name: client.getQueryData<StoredFile>(fileKey(value))?.name ?? value })} />
        )}
        <Upload showUploadList={false} maxCount={1} disabled={upload.isPending}
                customRequest={({ file }) => upload.mutate(file as File)}>
          <Button id={id} icon={<UploadOutlined />} loading={upload.isPending} aria-label={`${label}: ${value ? t('attachment.replace') : t('attachment.upload')}`}>
            {value ? t('attachment.replace') : t('attachment.upload')}
          </Button>
        </Upload>
      </Space>
      {refused && <Alert type="error" showIcon role="alert" className="problem" data-testid={`${testId}-problem`}
                         data-status={refused.status} message={refused.message} description={refused.detail} />}
    </div>
  );
}

/** What the user reads when an upload is refused: the kind of refusal in their language, the server's words below. */
export function refusal(problem: Problem, file: File | undefined, t: (key: string, options?: Record<string, unknown>) => string) {
  const name = file?.name ?? '';
  const size = file ? formatBytes(file.size) : '';
  const key = problem.status === 413 ? 'tooLarge' : problem.status === 415 ? 'unsupported'
    : problem.status === 400 || problem.status === 422 ? 'invalid' : 'failed';
  const detail = problem.errors[0]?.message ?? problem.detail ?? problem.title;
  return { status: problem.status, message: t(`attachment.${key}`, { name, size }), detail };
}

/** A stored file by its name and size; the name downloads it with the session's token. */
export function FileValue({ id }: { id: string }) {
  const { t } = useTranslation();
  const info = useQuery({ queryKey: fileKey(id), queryFn: () => api.fileInfo(id), staleTime: Infinity });
  const [failed, setFailed] = useState<string | null>(null);
  async function download(file: StoredFile) {
    setFailed(null);
    try {
      const url = URL.createObjectURL(await api.downloadFile(file.id));
      const a = document.createElement('a');
      a.href = url;
      a.download = file.name;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      setFailed(toProblem(e).detail ?? toProblem(e).title);
    }
  }
  if (!info.data) {
    return <span data-testid="file-value" data-file-id={id}>{info.error ? t('attachment.unknown', { id }) : <PaperClipOutlined />}</span>;
  }
  const file = info.data;
  return (
    <span data-testid="file-value" data-file-id={id} data-name={file.name}>
      <PaperClipOutlined />{' '}
      <Typography.Link onClick={() => void download(file)} data-testid="file-download" aria-label={t('attachment.download', { name: file.name })}>
        {file.name}
      </Typography.Link>{' '}
      <Typography.Text type="secondary" data-testid="file-size">({formatBytes(file.size)})</Typography.Text>
      {failed && <Typography.Text type="danger" role="alert"> {t('attachment.downloadFailed', { detail: failed })}</Typography.Text>}
    </span>
  );
}
