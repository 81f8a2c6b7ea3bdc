import { Anchor, Button, Center, Loader, Text, TextInput, VisuallyHidden } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { Link, useParams, useSearchParams } from 'react-router';
import { DataTable } from '../../components/DataTable';
import { FormError } from '../../components/FormError';
import { PageTitle } from '../../components/PageTitle';
import { useProducts } from './products.queries';

/** Rating and review count per product, each linking to its reviews in the inbox. */
export default function ProductsPage() {
  const shopId = useParams().shopId!;
  const [params, setParams] = useSearchParams();
  const [q] = useDebouncedValue(params.get('q') ?? '', 300);
  const products = useProducts(shopId, q);
  const rows = products.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <>
      <PageTitle>Products</PageTitle>
      <TextInput
        label="Search products"
        type="search"
        value={params.get('q') ?? ''}
        onChange={(e) => setParams(e.currentTarget.value ? { q: e.currentTarget.value } : {}, { replace: true })}
        w={{ base: '100%', sm: 320 }}
        mb="md"
      />
      <FormError error={products.error} />
      {products.isPending ? (
        <Center h={200}>
          <Loader aria-label="Loading products" />
        </Center>
      ) : rows.length === 0 ? (
        <Text>No product yet: products appear when orders, imports or reviews name them.</Text>
      ) : (
        <DataTable
          label="Products"
          minWidth={560}
          rows={rows}
          rowKey={(p) => p.product_id}
          columns={[
            { header: 'Product', cell: (p) => p.title || p.product_id },
            { header: 'Handle', cell: (p) => p.handle },
            { header: 'Rating', cell: (p) => (p.count ? p.rating.toFixed(2) : '—') },
            {
              header: 'Reviews',
              cell: (p) => (
                <Anchor component={Link} to={`/shops/${shopId}/reviews?product_id=${encodeURIComponent(p.product_id)}`}>
                  {p.count} reviews<VisuallyHidden> of {p.title || p.product_id}</VisuallyHidden>
                </Anchor>
              ),
            },
          ]}
        />
      )}
      {products.hasNextPage && (
        <Center mt="md">
          <Button variant="default" onClick={() => products.fetchNextPage()}>
            Load more products
          </Button>
        </Center>
      )}
    </>
  );
}
